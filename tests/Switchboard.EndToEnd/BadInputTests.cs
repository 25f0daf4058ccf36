using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// Bad input over real gRPC: each call gets the exact status, a message naming the field or the reason, and
/// changes nothing. Every test works in a tenant of its own, holding a ticket assigned to 'owner' (with a reply
/// not yet delivered), a ticket waiting in the queue, and an agent 'other' who owns neither.
/// </summary>
public sealed class BadInputTests(SharedNode shared) : IClassFixture<SharedNode>
{
    private const string Adapter = "webchat";
    private const string Unknown = "t-doesnotexist";
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly string[] MalformedIds = ["has space", "a/b", new('x', 65), "", "-leading-dash", "trailing-newline\n"];

    private readonly TenantClients _calls = new(shared.Node, $"t{Guid.NewGuid():N}");

    public static TheoryData<string, string> MalformedIdCases()
    {
        var cases = new TheoryData<string, string>();
        // Every malformed shape for one call per kind of id...
        foreach (var id in MalformedIds)
        {
            cases.Add("SetPresence.agent_id", id);
            cases.Add("GetTicket.ticket_id", id);
            cases.Add("SubmitInbound.adapter_id", id);
            cases.Add("StreamConversations.hello.adapter_id", id);
        }
        // ...and one for every other call that takes an id.
        foreach (var call in IdCalls.Keys.Except(["SetPresence.agent_id", "GetTicket.ticket_id", "SubmitInbound.adapter_id", "StreamConversations.hello.adapter_id"]))
        {
            cases.Add(call, "a/b");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(MalformedIdCases))]
    public async Task Malformed_id_is_rejected_naming_the_field(string call, string malformedId)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => IdCalls[call](world, malformedId));

        AssertInvalid(error, call[(call.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData("{tenant} corp")]
    [InlineData("{tenant}/eu")]
    [InlineData(".{tenant}")]
    [InlineData("{tenant}-a-name-much-longer-than-sixty-four-characters-in-all")]
    public async Task Malformed_tenant_header_is_rejected_on_every_service(string malformedTenant)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();
        var bad = new TenantClients(shared.Node, malformedTenant.Replace("{tenant}", _calls.Tenant, StringComparison.Ordinal), credentialsOf: _calls);

        Func<Task>[] calls =
        [
            () => bad.Channels.SubmitInboundAsync(new() { AdapterId = Adapter, Message = AdapterSession.Message("conv-owned", "m-9", "hello") }).ResponseAsync,
            () => OpenStream(bad.Channels, new() { Hello = new AdapterHello { AdapterId = Adapter } }),
            () => bad.Agents.GetTicketAsync(new() { TicketId = world.OwnedTicketId }).ResponseAsync,
            () => bad.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = world.OwnedTicketId, Body = "hi" }).ResponseAsync,
            () => bad.Agents.SetPresenceAsync(new() { AgentId = "other", Presence = Presence.Available }).ResponseAsync,
            () => bad.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "owner", AutoAccept = false } }).ResponseAsync,
            () => bad.Supervisor.GetQueueStatusAsync(new()).ResponseAsync,
        ];
        foreach (var call in calls)
        {
            AssertInvalid(await Assert.ThrowsAsync<RpcException>(call), TenantClients.Header);
        }
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("blank", "is empty")]
    [InlineData("only line breaks", "is empty")]
    [InlineData("16 KiB and one ASCII byte", "at most 16384 bytes")]
    [InlineData("8,192 two-byte characters and one more byte", "at most 16384 bytes")]
    [InlineData("16,384 four-byte emoji", "at most 16384 bytes")]
    public async Task Empty_or_over_16_KiB_body_is_rejected_and_stores_nothing(string body, string reason)
    {
        var text = body switch
        {
            "empty" => "",
            "blank" => "   ",
            "only line breaks" => "\r\n\t",
            "16 KiB and one ASCII byte" => new string('a', MaxBodyBytes + 1),
            "8,192 two-byte characters and one more byte" => new string('é', MaxBodyBytes / 2) + "a",
            "16,384 four-byte emoji" => string.Concat(Enumerable.Repeat("📦", MaxBodyBytes)),
            _ => throw new ArgumentOutOfRangeException(nameof(body), body, null),
        };
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var inbound = await Assert.ThrowsAsync<RpcException>(() => Submit("conv-owned", "m-bad-body", text));
        var reply = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = world.OwnedTicketId, Body = text }).ResponseAsync);

        AssertInvalid(inbound, "message.body", reason);
        AssertInvalid(reply, "body", reason);
        Assert.Equal(before, await world.Snapshot());
    }

    [Fact]
    public async Task Body_of_exactly_16_KiB_is_accepted_stored_and_delivered_whole()
    {
        var world = await World.Arrange(_calls);
        var inboundBody = new string('a', MaxBodyBytes);
        var replyBody = new string('é', MaxBodyBytes / 2);

        var ack = await Submit("conv-owned", "m-max", inboundBody);
        var reply = await _calls.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = world.OwnedTicketId, Body = replyBody });

        Assert.Equal(world.OwnedTicketId, ack.Ack.TicketId);
        var transcript = (await _calls.Agents.GetTicketAsync(new() { TicketId = world.OwnedTicketId })).Ticket.Transcript;
        Assert.Equal([inboundBody, replyBody], transcript.TakeLast(2).Select(m => m.Body));
        await using var adapter = await AdapterSession.Open(_calls.Channels, Adapter);
        var delivered = await adapter.Inbox.Next(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound && r.Outbound.TicketSequence == reply.Sequence);
        Assert.Equal(replyBody, delivered.Outbound.Body);
    }

    [Theory]
    [InlineData("GetTicket")]
    [InlineData("Reply")]
    [InlineData("SolveTicket")]
    [InlineData("CloseTicket")]
    public async Task Unknown_ticket_is_not_found(string call)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => call switch
        {
            "GetTicket" => _calls.Agents.GetTicketAsync(new() { TicketId = Unknown }).ResponseAsync,
            "Reply" => _calls.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = Unknown, Body = "hello?" }).ResponseAsync,
            "SolveTicket" => _calls.Agents.SolveTicketAsync(new() { AgentId = "owner", TicketId = Unknown }).ResponseAsync,
            "CloseTicket" => _calls.Admin.CloseTicketAsync(new() { TicketId = Unknown }).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        });

        AssertRefused(error, StatusCode.NotFound, $"Ticket '{Unknown}' does not exist");
        Assert.Equal(before, await world.Snapshot());
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Agents.GetTicketAsync(new() { TicketId = Unknown }).ResponseAsync)).StatusCode);
    }

    [Theory]
    [InlineData("SetPresence")]
    [InlineData("AcceptOffer")]
    [InlineData("DeclineOffer")]
    [InlineData("Reply")]
    [InlineData("SolveTicket")]
    [InlineData("GetAgent")]
    [InlineData("StreamDesk")]
    public async Task Unknown_agent_is_not_found_and_not_created(string call)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => call switch
        {
            "SetPresence" => _calls.Agents.SetPresenceAsync(new() { AgentId = "nobody", Presence = Presence.Available }).ResponseAsync,
            "AcceptOffer" => _calls.Agents.AcceptOfferAsync(new() { AgentId = "nobody", TicketId = world.WaitingTicketId }).ResponseAsync,
            "DeclineOffer" => _calls.Agents.DeclineOfferAsync(new() { AgentId = "nobody", TicketId = world.WaitingTicketId }).ResponseAsync,
            "Reply" => _calls.Agents.ReplyAsync(new() { AgentId = "nobody", TicketId = world.OwnedTicketId, Body = "hi" }).ResponseAsync,
            "SolveTicket" => _calls.Agents.SolveTicketAsync(new() { AgentId = "nobody", TicketId = world.OwnedTicketId }).ResponseAsync,
            "GetAgent" => _calls.Admin.GetAgentAsync(new() { AgentId = "nobody" }).ResponseAsync,
            "StreamDesk" => OpenDesk(_calls.Agents, "nobody"),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        });

        AssertRefused(error, StatusCode.NotFound, "Agent 'nobody' does not exist", "UpsertAgent");
        Assert.Equal(before, await world.Snapshot());
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Admin.GetAgentAsync(new() { AgentId = "nobody" }).ResponseAsync)).StatusCode);
    }

    [Theory]
    [InlineData("Reply", "other", "owned", "assigned to 'owner'")]
    [InlineData("SolveTicket", "other", "owned", "assigned to 'owner'")]
    [InlineData("Reply", "owner", "waiting", "assigned to nobody")]
    [InlineData("SolveTicket", "owner", "waiting", "assigned to nobody")]
    public async Task Reply_or_solve_on_a_ticket_not_assigned_to_the_agent_is_denied(string call, string agentId, string ticket, string assignee)
    {
        var world = await World.Arrange(_calls);
        var ticketId = world.Resolve(ticket);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => call == "Reply"
            ? _calls.Agents.ReplyAsync(new() { AgentId = agentId, TicketId = ticketId, Body = "I'll take it" }).ResponseAsync
            : _calls.Agents.SolveTicketAsync(new() { AgentId = agentId, TicketId = ticketId }).ResponseAsync);

        AssertRefused(error, StatusCode.PermissionDenied, $"'{agentId}'", ticketId, assignee);
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData("other", "waiting")]
    [InlineData("other", "owned")]
    [InlineData("owner", "owned")]
    [InlineData("other", "unknown")]
    public async Task Accepting_an_offer_that_does_not_exist_is_refused(string agentId, string ticket)
    {
        var world = await World.Arrange(_calls);
        var ticketId = world.Resolve(ticket);
        var before = await world.Snapshot();

        var accept = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Agents.AcceptOfferAsync(new() { AgentId = agentId, TicketId = ticketId }).ResponseAsync);
        var decline = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Agents.DeclineOfferAsync(new() { AgentId = agentId, TicketId = ticketId }).ResponseAsync);

        AssertRefused(accept, StatusCode.FailedPrecondition, $"'{agentId}' has no open offer for ticket {ticketId}");
        AssertRefused(decline, StatusCode.FailedPrecondition, $"'{agentId}' has no open offer for ticket {ticketId}");
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData("owned")]
    [InlineData("waiting")]
    public async Task Closing_an_unsolved_ticket_is_refused(string ticket)
    {
        var world = await World.Arrange(_calls);
        var ticketId = world.Resolve(ticket);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => _calls.Admin.CloseTicketAsync(new() { TicketId = ticketId }).ResponseAsync);

        AssertRefused(error, StatusCode.FailedPrecondition, ticketId, "only a solved ticket can be closed");
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData("inbound")]
    [InlineData("delivery_ack")]
    [InlineData("empty")]
    public async Task First_frame_that_is_not_a_hello_ends_the_adapter_stream(string frame)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var error = await Assert.ThrowsAsync<RpcException>(() => OpenStream(_calls.Channels, frame switch
        {
            "inbound" => new() { Inbound = AdapterSession.Message("conv-owned", "m-first", "no hello") },
            "delivery_ack" => new() { DeliveryAck = new DeliveryAck { DeliverySequence = 1 } },
            _ => new(),
        }));

        AssertInvalid(error, "hello", "first frame of the stream must be a hello");
        Assert.Equal(before, await world.Snapshot());
    }

    [Theory]
    [InlineData(Channel.Unspecified)]
    [InlineData((Channel)99)]
    public async Task Inbound_message_without_a_known_channel_is_rejected(Channel channel)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();
        var message = AdapterSession.Message("conv-owned", "m-nochannel", "hello");
        message.Channel = channel;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Channels.SubmitInboundAsync(new() { AdapterId = Adapter, Message = message }).ResponseAsync);

        AssertInvalid(error, "message.channel", "CHANNEL_CHAT");
        Assert.Equal(before, await world.Snapshot());
    }

    [Fact]
    public async Task Unspecified_channel_or_presence_is_rejected_for_agents()
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();

        var capacity = await Assert.ThrowsAsync<RpcException>(() => _calls.Admin.UpsertAgentAsync(new()
        {
            Agent = new AgentProfile { AgentId = "other", Capacities = { new ChannelCapacity { Channel = Channel.Unspecified, MaxTickets = 2 } } },
        }).ResponseAsync);
        var presence = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Agents.SetPresenceAsync(new() { AgentId = "other", Presence = Presence.Unspecified }).ResponseAsync);

        AssertInvalid(capacity, "agent.capacities[0].channel", "must name a channel");
        AssertInvalid(presence, "presence", "PRESENCE_AVAILABLE");
        Assert.Equal(before, await world.Snapshot());
    }

    [Fact]
    public async Task Sent_at_beyond_the_year_9999_is_rejected_naming_the_field()
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();
        var message = AdapterSession.Message("conv-owned", "m-future", "from the far future");
        message.SentAt = new Timestamp { Seconds = 253_402_300_800 };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _calls.Channels.SubmitInboundAsync(new() { AdapterId = Adapter, Message = message }).ResponseAsync);

        AssertInvalid(error, "message.sent_at", "not a valid timestamp");
        Assert.Equal(before, await world.Snapshot());
    }

    public static TheoryData<string, string> BadStreamMessages() => new()
    {
        { "empty body", "inbound.body" },
        { "body over the limit", "inbound.body" },
        { "unspecified channel", "inbound.channel" },
        { "conversation id with a space", "inbound.conversation_id" },
        { "empty adapter message id", "inbound.adapter_message_id" },
        { "sender address too long", "inbound.sender_address" },
        { "sent at beyond 9999", "inbound.sent_at" },
    };

    [Theory]
    [MemberData(nameof(BadStreamMessages))]
    public async Task Bad_message_on_the_adapter_stream_is_rejected_and_the_stream_goes_on(string problem, string field)
    {
        var world = await World.Arrange(_calls);
        var before = await world.Snapshot();
        var bad = AdapterSession.Message("conv-owned", "m-bad", "hello");
        switch (problem)
        {
            case "empty body": bad.Body = ""; break;
            case "body over the limit": bad.Body = new string('a', MaxBodyBytes + 1); break;
            case "unspecified channel": bad.Channel = Channel.Unspecified; break;
            case "conversation id with a space": bad.ConversationId = "conv owned"; break;
            case "empty adapter message id": bad.AdapterMessageId = ""; break;
            case "sender address too long": bad.SenderAddress = new string('1', 257); break;
            case "sent at beyond 9999": bad.SentAt = new Timestamp { Seconds = long.MaxValue }; break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }
        await using var adapter = await AdapterSession.Open(_calls.Channels, Adapter);

        var response = await adapter.Send(bad);

        Assert.Equal(StreamConversationsResponse.FrameOneofCase.InboundRejected, response.FrameCase);
        Assert.Equal(bad.AdapterMessageId, response.InboundRejected.AdapterMessageId);
        Assert.Equal((int)StatusCode.InvalidArgument, response.InboundRejected.Code);
        Assert.StartsWith(field + ": ", response.InboundRejected.Message, StringComparison.Ordinal);
        Assert.Equal(before, await world.Snapshot());

        var good = await adapter.SendAcked(AdapterSession.Message("conv-owned", "m-good", "this one is fine"));
        Assert.Equal(world.OwnedTicketId, good.TicketId);
        Assert.False(good.Duplicate);
        var transcript = (await _calls.Agents.GetTicketAsync(new() { TicketId = world.OwnedTicketId })).Ticket.Transcript;
        Assert.Equal(before.Owned.Ticket.Transcript.Select(m => m.Body).Append("this one is fine"), transcript.Select(m => m.Body));
        Assert.Equal(good.Sequence, transcript[^1].Sequence);
    }

    /// <summary>Each call that takes an id, keyed "Rpc.field", called with everything valid but that id.</summary>
    private static readonly Dictionary<string, Func<World, string, Task>> IdCalls = new()
    {
        ["SetPresence.agent_id"] = (w, id) => w.Calls.Agents.SetPresenceAsync(new() { AgentId = id, Presence = Presence.Available }).ResponseAsync,
        ["AcceptOffer.agent_id"] = (w, id) => w.Calls.Agents.AcceptOfferAsync(new() { AgentId = id, TicketId = w.WaitingTicketId }).ResponseAsync,
        ["AcceptOffer.ticket_id"] = (w, id) => w.Calls.Agents.AcceptOfferAsync(new() { AgentId = "other", TicketId = id }).ResponseAsync,
        ["DeclineOffer.agent_id"] = (w, id) => w.Calls.Agents.DeclineOfferAsync(new() { AgentId = id, TicketId = w.WaitingTicketId }).ResponseAsync,
        ["DeclineOffer.ticket_id"] = (w, id) => w.Calls.Agents.DeclineOfferAsync(new() { AgentId = "other", TicketId = id }).ResponseAsync,
        ["Reply.agent_id"] = (w, id) => w.Calls.Agents.ReplyAsync(new() { AgentId = id, TicketId = w.OwnedTicketId, Body = "hi" }).ResponseAsync,
        ["Reply.ticket_id"] = (w, id) => w.Calls.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = id, Body = "hi" }).ResponseAsync,
        ["SolveTicket.agent_id"] = (w, id) => w.Calls.Agents.SolveTicketAsync(new() { AgentId = id, TicketId = w.OwnedTicketId }).ResponseAsync,
        ["SolveTicket.ticket_id"] = (w, id) => w.Calls.Agents.SolveTicketAsync(new() { AgentId = "owner", TicketId = id }).ResponseAsync,
        ["GetTicket.ticket_id"] = (w, id) => w.Calls.Agents.GetTicketAsync(new() { TicketId = id }).ResponseAsync,
        ["StreamDesk.agent_id"] = (w, id) => OpenDesk(w.Calls.Agents, id),
        ["GetAgent.agent_id"] = (w, id) => w.Calls.Admin.GetAgentAsync(new() { AgentId = id }).ResponseAsync,
        ["UpsertAgent.agent.agent_id"] = (w, id) => w.Calls.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = id } }).ResponseAsync,
        ["UpsertAgent.agent.queue_ids[0]"] = (w, id) => w.Calls.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "other", QueueIds = { id } } }).ResponseAsync,
        ["CloseTicket.ticket_id"] = (w, id) => w.Calls.Admin.CloseTicketAsync(new() { TicketId = id }).ResponseAsync,
        ["GetQueueStatus.queue_id"] = (w, id) => w.Calls.Supervisor.GetQueueStatusAsync(new() { QueueId = id }).ResponseAsync,
        ["SubmitInbound.adapter_id"] = (w, id) => w.Calls.Channels.SubmitInboundAsync(new()
        {
            AdapterId = id, Message = AdapterSession.Message("conv-owned", "m-badadapter", "hello"),
        }).ResponseAsync,
        ["StreamConversations.hello.adapter_id"] = (w, id) => OpenStream(w.Calls.Channels, new() { Hello = new AdapterHello { AdapterId = id } }),
    };

    private Task<SubmitInboundResponse> Submit(string conversationId, string messageId, string body) =>
        _calls.Channels.SubmitInboundAsync(new() { AdapterId = Adapter, Message = AdapterSession.Message(conversationId, messageId, body) }).ResponseAsync;

    /// <summary>Opens an adapter stream with one frame and reads its first answer; a refusal surfaces as the RpcException.</summary>
    private static async Task OpenStream(ChannelService.ChannelServiceClient channels, StreamConversationsRequest first)
    {
        using var call = channels.StreamConversations();
        try
        {
            await call.RequestStream.WriteAsync(first);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server may end the call before the frame is written; the call's own status comes below.
        }
        await call.ResponseStream.MoveNext();
    }

    private static async Task OpenDesk(AgentService.AgentServiceClient agents, string agentId)
    {
        using var call = agents.StreamDesk(new StreamDeskRequest { AgentId = agentId });
        await call.ResponseStream.MoveNext();
    }

    private static void AssertInvalid(RpcException error, string field, string? reason = null)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ": ", error.Status.Detail, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
        }
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    private static void AssertRefused(RpcException error, StatusCode code, params string[] mentions)
    {
        Assert.Equal(code, error.StatusCode);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    /// <summary>What a test's tenant holds; <see cref="Snapshot"/> reads everything a bad call could have changed.</summary>
    private sealed record World(TenantClients Calls, string OwnedTicketId, string WaitingTicketId)
    {
        public static async Task<World> Arrange(TenantClients calls)
        {
            await calls.EnsureCreated();
            // 'owner' takes one chat at a time, so the second ticket waits; 'other' exists but owns nothing.
            await calls.Admin.UpsertAgentAsync(new()
            {
                Agent = new AgentProfile { AgentId = "owner", AutoAccept = true, Capacities = { new ChannelCapacity { Channel = Channel.Chat, MaxTickets = 1 } } },
            });
            await calls.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "other" } });
            await calls.Agents.SetPresenceAsync(new() { AgentId = "owner", Presence = Presence.Available });

            var owned = (await calls.Channels.SubmitInboundAsync(new() { AdapterId = Adapter, Message = AdapterSession.Message("conv-owned", "m-1", "My order never arrived") })).Ack.TicketId;
            await Eventually.Until(async () => (await calls.Agents.GetTicketAsync(new() { TicketId = owned })).Ticket.AssigneeAgentId == "owner");
            await calls.Agents.ReplyAsync(new() { AgentId = "owner", TicketId = owned, Body = "Looking into it" });

            var waiting = (await calls.Channels.SubmitInboundAsync(new()
            {
                AdapterId = Adapter, Message = AdapterSession.Message("conv-waiting", "w-1", "Hello?", sender: "+15550199"),
            })).Ack.TicketId;
            await Eventually.Until(async () => (await calls.Supervisor.GetQueueStatusAsync(new())).Waiting.Any(w => w.TicketId == waiting));
            return new World(calls, owned, waiting);
        }

        public string Resolve(string name) => name switch
        {
            "owned" => OwnedTicketId,
            "waiting" => WaitingTicketId,
            "unknown" => Unknown,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };

        public async Task<State> Snapshot()
        {
            int pending;
            await using (var adapter = await AdapterSession.Open(Calls.Channels, Adapter))
            {
                pending = adapter.Inbox.Seen.Single(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Welcome).Welcome.PendingDeliveries;
            }
            return new State(
                await Calls.Agents.GetTicketAsync(new() { TicketId = OwnedTicketId }),
                await Calls.Agents.GetTicketAsync(new() { TicketId = WaitingTicketId }),
                await Calls.Supervisor.GetQueueStatusAsync(new()),
                await Calls.Admin.GetAgentAsync(new() { AgentId = "owner" }),
                await Calls.Admin.GetAgentAsync(new() { AgentId = "other" }),
                pending);
        }
    }

    /// <summary>Protobuf messages compare by value, so two snapshots are equal exactly when nothing changed.</summary>
    private sealed record State(
        GetTicketResponse Owned, GetTicketResponse Waiting, GetQueueStatusResponse Queue, GetAgentResponse Owner, GetAgentResponse Other, int PendingDeliveries);
}
