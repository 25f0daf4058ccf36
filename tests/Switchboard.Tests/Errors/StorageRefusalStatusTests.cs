using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using Switchboard.Contracts;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Web;

namespace Switchboard.Tests.Errors;

/// <summary>What a caller is told when storage refused its call: UNAVAILABLE to send it again, ABORTED for a conflict.</summary>
public sealed class StorageRefusalStatusTests
{
    private static RpcException Answer(Exception e)
    {
        Assert.True(RpcErrors.IsAnswered(e));
        return RpcErrors.Answer(e, NullLogger.Instance, "/switchboard.v1.AdminService/UpsertAgent");
    }

    [Fact]
    public void Grain_state_the_silo_could_not_store_is_unavailable_with_the_silos_sentence()
    {
        var refused = Answer(new StorageUnavailableException(
            "Storage could not record this change to the agent record just now (NpgsqlException); it was not stored. Send it again in a moment.",
            "NpgsqlException on write of state 'agent' of agent/demo/gina: The connection pool has been exhausted"));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.StartsWith("Storage could not record this change to the agent record", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("pool", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_exception_that_reached_the_gateway_wrapped_is_unavailable_and_keeps_the_database_to_itself()
    {
        // As a single node's silo hands it over: Orleans wraps the provider's exception in its own.
        var failure = new OrleansException("Error from storage provider SqliteGrainStorage.agent during ReadStateAsync for grain agent/demo/hugo",
            new SqliteException("SQLite Error 1: 'no such table: grain_state'.", 1));

        var refused = Answer(failure);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("grain_state", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_another_writer_got_to_first_is_aborted_though_sqlite_reports_it_as_a_database_error()
    {
        var conflict = new InconsistentStateException("Cannot write state 'agent' of agent/demo/ivy: expected ETag 'a' but the stored ETag is 'b'.", "b", "a",
            new SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19));

        var refused = Answer(conflict);

        Assert.Equal(StatusCode.Aborted, refused.StatusCode);
        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(409, ProtoJson.HttpStatusOf(refused.StatusCode));
    }

    [Fact]
    public void A_domain_refusal_keeps_its_own_status() =>
        Assert.Equal(StatusCode.FailedPrecondition, Answer(SwitchboardException.Precondition("no open offer")).StatusCode);

    [Fact]
    public void A_fault_of_switchboard_itself_is_not_answered_as_a_refusal() =>
        Assert.False(RpcErrors.IsAnswered(new InvalidOperationException("a bug", new ArgumentException("inner"))));
}
