using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Tests.Validation;

public sealed class RequestValidatorTests
{
    [Fact]
    public void Well_formed_inbound_message_passes()
    {
        RequestValidator.Validate(Message(), "message.");
    }

    [Theory]
    [InlineData(-1L, 0)]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(long.MaxValue, 0)]
    [InlineData(1_700_000_000L, -1)]
    [InlineData(1_700_000_000L, 1_000_000_000)]
    public void Sent_at_outside_the_timestamp_range_is_refused_naming_the_field(long seconds, int nanos)
    {
        var message = Message();
        message.SentAt = new Timestamp { Seconds = seconds, Nanos = nanos };

        var error = Assert.Throws<RpcException>(() => RequestValidator.Validate(message, "message."));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("message.sent_at", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public void Last_second_of_year_9999_is_a_valid_sent_at()
    {
        var message = Message();
        message.SentAt = new Timestamp { Seconds = 253_402_300_799L, Nanos = 999_999_999 };

        RequestValidator.Validate(message);

        Assert.Equal(9999, message.SentAt.ToDateTimeOffset().Year);
    }

    [Theory]
    [InlineData(QueueOrdering.Unspecified)]
    [InlineData(QueueOrdering.LongestWaiting)]
    [InlineData(QueueOrdering.NearestSlaBreach)]
    public void Queue_with_a_known_ordering_passes(QueueOrdering ordering)
    {
        RequestValidator.Validate(new QueueConfig { QueueId = "sales", Ordering = ordering });
    }

    [Fact]
    public void Queue_with_an_unknown_ordering_is_refused_naming_the_field()
    {
        var error = Assert.Throws<RpcException>(() => RequestValidator.Validate(new QueueConfig { QueueId = "sales", Ordering = (QueueOrdering)7 }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("queue.ordering", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    private static InboundMessage Message() => new()
    {
        Channel = Channel.Chat,
        ConversationId = "conv-1",
        AdapterMessageId = "m-1",
        SenderAddress = "+15550100",
        Body = "Hi",
    };
}
