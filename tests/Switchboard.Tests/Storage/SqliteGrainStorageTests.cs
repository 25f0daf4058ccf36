using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "counter";

    private static readonly GrainId Grain = GrainId.Create("counter", "42");

    private readonly string _path = TemporaryDatabase.NewPath();
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(CounterState).Assembly))
        .BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        TemporaryDatabase.Delete(_path);
    }

    [Fact]
    public async Task Read_of_a_grain_never_written_reports_no_record()
    {
        var storage = NewStorage();

        var state = await ReadAsync(storage);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, Counter(state).Count);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var storage = NewStorage();
        var written = new GrainState<CounterState>(new CounterState { Count = 3, Label = "three" });

        await storage.WriteStateAsync(StateName, Grain, written);
        var read = await ReadAsync(storage);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(3, Counter(read).Count);
        Assert.Equal("three", Counter(read).Label);
    }

    [Fact]
    public async Task Each_write_issues_a_new_etag()
    {
        var storage = NewStorage();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, Grain, state);
        var first = state.ETag;

        Counter(state).Count = 2;
        await storage.WriteStateAsync(StateName, Grain, state);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal(2, Counter(await ReadAsync(storage)).Count);
    }

    [Fact]
    public async Task Write_with_stale_etag_is_rejected()
    {
        var storage = NewStorage();
        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, Grain, first);
        var stale = await ReadAsync(storage);
        Counter(first).Count = 2;
        await storage.WriteStateAsync(StateName, Grain, first);

        Counter(stale).Count = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, stale));

        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Equal(2, Counter(await ReadAsync(storage)).Count);
    }

    [Fact]
    public async Task Write_without_etag_over_an_existing_row_is_rejected()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState { Count = 1 }));

        var unaware = new GrainState<CounterState>(new CounterState { Count = 7 });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, unaware));
    }

    [Fact]
    public async Task Clear_removes_the_row()
    {
        var storage = NewStorage();
        var state = new GrainState<CounterState>(new CounterState { Count = 5 });
        await storage.WriteStateAsync(StateName, Grain, state);

        await storage.ClearStateAsync(StateName, Grain, state);
        var read = await ReadAsync(storage);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(0, Counter(read).Count);
    }

    [Fact]
    public async Task Clear_with_stale_etag_is_rejected()
    {
        var storage = NewStorage();
        var current = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, Grain, current);
        var stale = await ReadAsync(storage);
        await storage.WriteStateAsync(StateName, Grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale));
        Assert.True((await ReadAsync(storage)).RecordExists);
    }

    [Fact]
    public async Task State_names_and_grains_are_stored_apart()
    {
        var storage = NewStorage();
        var other = GrainId.Create("counter", "43");
        await storage.WriteStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState { Count = 1 }));
        await storage.WriteStateAsync("other", Grain, new GrainState<CounterState>(new CounterState { Count = 2 }));
        await storage.WriteStateAsync(StateName, other, new GrainState<CounterState>(new CounterState { Count = 3 }));

        Assert.Equal(1, Counter(await ReadAsync(storage)).Count);
        Assert.Equal(2, Counter(await ReadAsync(storage, "other")).Count);
        Assert.Equal(3, Counter(await ReadAsync(storage, StateName, other)).Count);
    }

    [Fact]
    public async Task State_survives_reopening_the_database_file()
    {
        var written = new GrainState<CounterState>(new CounterState { Count = 11, Label = "kept" });
        await NewStorage().WriteStateAsync(StateName, Grain, written);

        var read = await ReadAsync(NewStorage());

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(11, Counter(read).Count);
        Assert.Equal("kept", Counter(read).Label);
    }

    // A new SqliteDatabase each time, so nothing is shared in memory between writer and reader.
    private SqliteGrainStorage NewStorage() =>
        new(new SqliteDatabase(_path), _services.GetRequiredService<Serializer>(), new FakeTimeProvider());

    private static CounterState Counter(GrainState<CounterState> state)
    {
        Assert.NotNull(state.State);
        return state.State;
    }

    private static async Task<GrainState<CounterState>> ReadAsync(SqliteGrainStorage storage, string stateName = StateName, GrainId? grain = null)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(stateName, grain ?? Grain, state);
        return state;
    }
}
