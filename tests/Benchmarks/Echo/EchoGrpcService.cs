using Grpc.Core;

namespace Switchboard.Benchmarks.Echo;

/// <summary>Acks every frame as soon as it is read, serially per stream as the adapter stream does: nothing durable.</summary>
public sealed class EchoGrpcService : EchoService.EchoServiceBase
{
    public override async Task StreamEcho(IAsyncStreamReader<StreamEchoRequest> requestStream, IServerStreamWriter<StreamEchoResponse> responseStream, ServerCallContext context)
    {
        var sequence = 0L;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(
                new StreamEchoResponse { MessageId = requestStream.Current.MessageId, TicketId = requestStream.Current.ConversationId, Sequence = ++sequence },
                context.CancellationToken);
        }
    }
}
