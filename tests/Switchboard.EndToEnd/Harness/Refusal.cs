using Google.Rpc;
using Grpc.Core;

namespace Switchboard.EndToEnd.Harness;

/// <summary>Asserts that a call is refused with a given status, and reads which field it named.</summary>
public static class Refusal
{
    public static async Task<RpcException> Of(StatusCode code, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == refused.StatusCode, $"expected {code}, got {refused.StatusCode}: {refused.Status.Detail}");
        return refused;
    }

    /// <summary>The field named by the google.rpc.BadRequest detail of an InvalidArgument refusal.</summary>
    public static string FieldOf(RpcException refused) =>
        Assert.Single(refused.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? []).Field;
}
