namespace Switchboard.Tests.Storage;

/// <summary>A test-only grain that keeps a count in the "switchboard" storage and can schedule a reminder.</summary>
[Alias("switchboard.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<int> Increment();

    [Alias("GetCount")]
    Task<int> GetCount();

    [Alias("ScheduleReminder")]
    Task ScheduleReminder(string reminderName);
}
