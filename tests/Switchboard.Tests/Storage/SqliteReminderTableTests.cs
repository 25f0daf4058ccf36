using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTime StartAt = new(2025, 3, 1, 9, 30, 15, 123, DateTimeKind.Utc);

    // Three grains ordered by hash; the highest sits above int.MaxValue, where a signed column could misorder it.
    private static readonly GrainId[] ByHash = Enumerable.Range(0, 64)
        .Select(i => GrainId.Create("ticket", $"t{i}"))
        .OrderBy(grain => grain.GetUniformHashCode())
        .ToArray();

    private static readonly GrainId Low = ByHash[0];
    private static readonly GrainId Mid = ByHash[ByHash.Length / 2];
    private static readonly GrainId High = ByHash[^1];

    private readonly string _path = TemporaryDatabase.NewPath();

    public void Dispose() => TemporaryDatabase.Delete(_path);

    [Fact]
    public async Task Upserted_reminder_reads_back_with_the_returned_etag()
    {
        var table = NewTable();

        var etag = await table.UpsertRow(Entry(Low, "sla"));
        var row = await table.ReadRow(Low, "sla");

        Assert.NotNull(row);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(Low, row.GrainId);
        Assert.Equal("sla", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var table = NewTable();
        var first = await table.UpsertRow(Entry(Low, "sla"));

        var second = await table.UpsertRow(Entry(Low, "sla", TimeSpan.FromMinutes(10)));
        var rows = await table.ReadRows(Low);

        Assert.NotEqual(first, second);
        var row = Assert.Single(rows.Reminders);
        Assert.Equal(second, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(10), row.Period);
    }

    [Fact]
    public async Task Missing_reminder_reads_as_null()
    {
        Assert.Null(await NewTable().ReadRow(Low, "nothing"));
    }

    [Fact]
    public async Task Rows_for_a_grain_are_only_that_grains_reminders()
    {
        var table = NewTable();
        await table.UpsertRow(Entry(Low, "sla"));
        await table.UpsertRow(Entry(Low, "follow-up"));
        await table.UpsertRow(Entry(High, "sla"));

        var rows = await table.ReadRows(Low);

        Assert.Equal(["follow-up", "sla"], rows.Reminders.Select(r => r.ReminderName).Order());
    }

    [Fact]
    public async Task Remove_with_current_etag_deletes_the_reminder()
    {
        var table = NewTable();
        var etag = await table.UpsertRow(Entry(Low, "sla"));

        Assert.True(await table.RemoveRow(Low, "sla", etag!));
        Assert.Null(await table.ReadRow(Low, "sla"));
    }

    [Fact]
    public async Task Remove_with_stale_etag_is_refused()
    {
        var table = NewTable();
        var stale = await table.UpsertRow(Entry(Low, "sla"));
        await table.UpsertRow(Entry(Low, "sla"));

        Assert.False(await table.RemoveRow(Low, "sla", stale!));
        Assert.NotNull(await table.ReadRow(Low, "sla"));
    }

    [Fact]
    public async Task Range_excludes_its_begin_and_includes_its_end()
    {
        var table = await TableWithLowMidHighAsync();

        var rows = await table.ReadRows(Low.GetUniformHashCode(), High.GetUniformHashCode());

        Assert.Equal([Mid, High], Grains(rows));
    }

    [Fact]
    public async Task Range_reaches_hashes_above_int_max()
    {
        Assert.True(High.GetUniformHashCode() > int.MaxValue);
        var table = await TableWithLowMidHighAsync();

        var rows = await table.ReadRows(Mid.GetUniformHashCode(), uint.MaxValue);

        Assert.Equal([High], Grains(rows));
    }

    [Fact]
    public async Task Range_with_begin_after_end_wraps_around_the_ring()
    {
        var table = await TableWithLowMidHighAsync();

        var rows = await table.ReadRows(Mid.GetUniformHashCode(), Low.GetUniformHashCode());

        Assert.Equal([Low, High], Grains(rows));
    }

    [Fact]
    public async Task Range_with_begin_equal_to_end_is_the_whole_ring()
    {
        var table = await TableWithLowMidHighAsync();

        var rows = await table.ReadRows(Mid.GetUniformHashCode(), Mid.GetUniformHashCode());

        Assert.Equal([Low, Mid, High], Grains(rows));
    }

    [Fact]
    public async Task Another_service_does_not_see_these_reminders()
    {
        await NewTable().UpsertRow(Entry(Low, "sla"));

        var other = NewTable("other-service");

        Assert.Empty((await other.ReadRows(Low)).Reminders);
        Assert.Empty((await other.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Clearing_the_table_removes_every_reminder_of_the_service()
    {
        var table = await TableWithLowMidHighAsync();

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
    }

    private SqliteReminderTable NewTable(string serviceId = "switchboard-tests") =>
        new(new SqliteDatabase(_path), Options.Create(new ClusterOptions { ServiceId = serviceId }));

    private async Task<SqliteReminderTable> TableWithLowMidHighAsync()
    {
        var table = NewTable();
        foreach (var grain in new[] { High, Low, Mid })
        {
            await table.UpsertRow(Entry(grain, "sla"));
        }
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(5),
    };

    private static GrainId[] Grains(ReminderTableData rows) =>
        rows.Reminders.Select(r => r.GrainId).OrderBy(grain => grain.GetUniformHashCode()).ToArray();
}
