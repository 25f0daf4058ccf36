using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

public sealed class CounterGrain(
    [PersistentState("x", SqliteStorageExtensions.StorageName)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain, IRemindable
{
    async Task<int> ICounterGrain.Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    Task<int> ICounterGrain.GetCount() => Task.FromResult(counter.State.Count);

    // Far in the future: the test checks the reminder is stored, not that it fires.
    Task ICounterGrain.ScheduleReminder(string reminderName) =>
        this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
