using Grpc.Core;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Security;

/// <summary>
/// Every RPC × role × tenant (own or another), through real gRPC: allowed calls get past authorization (they
/// may still fail for their own reasons, e.g. NotFound); refused ones get PermissionDenied.
/// </summary>
public sealed class AccessTableTests(SecuredNode secured) : IClassFixture<SecuredNode>
{
    private static readonly string[] Roles = ["adapter", "agent", "supervisor", "admin"];

    /// <summary>Which roles may call each RPC in their own tenant.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ChannelService/StreamConversations"] = ["adapter", "admin"],
        ["ChannelService/SubmitInbound"] = ["adapter", "admin"],
        ["ChannelService/GetQueuePosition"] = ["adapter", "admin"],
        ["ChannelService/SubmitCsatRating"] = ["adapter", "admin"],
        ["ChannelService/SubmitSideConversationMessage"] = ["adapter", "admin"],
        ["ChannelService/EndConversation"] = ["adapter", "admin"],
        ["AgentService/StreamDesk"] = ["agent", "admin"],
        ["AgentService/SetPresence"] = ["agent", "admin"],
        ["AgentService/AcceptOffer"] = ["agent", "admin"],
        ["AgentService/DeclineOffer"] = ["agent", "admin"],
        ["AgentService/Reply"] = ["agent", "admin"],
        ["AgentService/SolveTicket"] = ["agent", "admin"],
        ["AgentService/TransferTicket"] = ["agent", "admin"],
        ["AgentService/GetTicket"] = ["agent", "supervisor", "admin"],
        ["AgentService/UpdateTicket"] = ["agent", "admin"],
        ["AgentService/AddInternalNote"] = ["agent", "admin"],
        ["AgentService/ApplyMacro"] = ["agent", "admin"],
        ["AgentService/ListTicketEvents"] = ["agent", "supervisor", "admin"],
        ["AgentService/ListCustomerTickets"] = ["agent", "supervisor", "admin"],
        ["AgentService/MergeTickets"] = ["agent", "admin"],
        ["AgentService/StartSideConversation"] = ["agent", "admin"],
        ["AgentService/ReplySideConversation"] = ["agent", "admin"],
        ["AgentService/CloseSideConversation"] = ["agent", "admin"],
        ["SupervisorService/GetQueueStatus"] = ["supervisor", "admin"],
        ["SupervisorService/Watch"] = ["supervisor", "admin"],
        ["SupervisorService/SetAgentPresence"] = ["supervisor", "admin"],
        ["SupervisorService/ReassignTicket"] = ["supervisor", "admin"],
        ["SupervisorService/SetTicketPriority"] = ["supervisor", "admin"],
        ["ReportService/GetReport"] = ["supervisor", "admin"],
        ["ReportService/ExportReportCsv"] = ["supervisor", "admin"],
        ["AdminService/UpsertAgent"] = ["admin"],
        ["AdminService/GetAgent"] = ["admin"],
        ["AdminService/UpsertQueue"] = ["admin"],
        ["AdminService/GetQueue"] = ["admin"],
        ["AdminService/ListQueues"] = ["admin"],
        ["AdminService/SetRoutingRules"] = ["admin"],
        ["AdminService/GetRoutingRules"] = ["admin"],
        ["AdminService/CreateApiKey"] = ["admin"],
        ["AdminService/ListApiKeys"] = ["admin"],
        ["AdminService/RevokeApiKey"] = ["admin"],
        ["AdminService/RotateApiKey"] = ["admin"],
        ["AdminService/CreateAccessToken"] = ["admin"],
        ["AdminService/CloseTicket"] = ["admin"],
        ["AdminService/EraseCustomer"] = ["admin"],
        ["AdminService/CreateTenant"] = [],
        ["AdminService/UpsertTicketField"] = ["admin"],
        ["AdminService/ListTicketFields"] = ["admin"],
        ["AdminService/UpsertMacro"] = ["admin"],
        ["AdminService/GetMacro"] = ["admin"],
        ["AdminService/ListMacros"] = ["admin"],
        ["AdminService/DeleteMacro"] = ["admin"],
        ["AdminService/SetSlaPolicies"] = ["admin"],
        ["AdminService/GetSlaPolicies"] = ["admin"],
        ["AdminService/SetCsatSettings"] = ["admin"],
        ["AdminService/GetCsatSettings"] = ["admin"],
    };

    public static TheoryData<string, string, bool> Table()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var rpc in Allowed.Keys)
        {
            foreach (var role in Roles)
            {
                data.Add(rpc, role, false);
                data.Add(rpc, role, true);
            }
        }
        return data;
    }

    [Fact]
    public void Table_covers_every_rpc_of_every_service()
    {
        var all = new[] { ChannelService.Descriptor, AgentService.Descriptor, SupervisorService.Descriptor, ReportService.Descriptor, AdminService.Descriptor }
            .SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
        Assert.Equal(all.Order(StringComparer.Ordinal), Allowed.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Rpc_is_allowed_only_to_its_roles_and_only_in_their_own_tenant(string rpc, string role, bool otherTenant)
    {
        var status = await Call(rpc, secured.As(role, otherTenant));

        var allowed = !otherTenant && Allowed[rpc].Contains(role);
        if (allowed)
        {
            Assert.True(status is not StatusCode.PermissionDenied and not StatusCode.Unauthenticated,
                $"{role} should be let through to {rpc}, got {status}");
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, status);
        }
    }

    [Fact]
    public async Task Call_without_a_credential_is_unauthenticated()
    {
        var status = await Call("AgentService/GetTicket", secured.Node.Anonymous);

        Assert.Equal(StatusCode.Unauthenticated, status);
    }

    [Fact]
    public async Task Agent_key_cannot_act_as_another_agent_and_adapter_key_as_another_adapter()
    {
        var agent = new AgentService.AgentServiceClient(secured.As("agent", otherTenant: false));
        var asBob = await Assert.ThrowsAsync<RpcException>(() => agent.SetPresenceAsync(new() { AgentId = "bob", Presence = Presence.Available }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asBob.StatusCode);
        Assert.Contains("'alice'", asBob.Status.Detail, StringComparison.Ordinal);

        var adapter = new ChannelService.ChannelServiceClient(secured.As("adapter", otherTenant: false));
        var asOther = await Assert.ThrowsAsync<RpcException>(() => adapter.SubmitInboundAsync(new()
        {
            AdapterId = "email",
            Message = new InboundMessage { Channel = Channel.Chat, ConversationId = "c", AdapterMessageId = "m", SenderAddress = "s", Body = "hi" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asOther.StatusCode);
    }

    private async Task<StatusCode> Call(string rpc, CallInvoker invoker)
    {
        var channel = new ChannelService.ChannelServiceClient(invoker);
        var agent = new AgentService.AgentServiceClient(invoker);
        var supervisor = new SupervisorService.SupervisorServiceClient(invoker);
        var admin = new AdminService.AdminServiceClient(invoker);
        var reports = new ReportService.ReportServiceClient(invoker);
        var now = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var inbound = new InboundMessage { Channel = Channel.Chat, ConversationId = "table", AdapterMessageId = Guid.NewGuid().ToString("N"), SenderAddress = "table-visitor", Body = "hello" };
        try
        {
            switch (rpc)
            {
                case "ChannelService/StreamConversations":
                    using (var call = channel.StreamConversations())
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = "web" } });
                        }
                        catch (Exception e) when (e is RpcException or InvalidOperationException)
                        {
                            // The server may refuse the call before the hello is written; its status comes below.
                        }
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
                case "ChannelService/SubmitInbound": await channel.SubmitInboundAsync(new() { AdapterId = "web", Message = inbound }); break;
                case "ChannelService/GetQueuePosition": await channel.GetQueuePositionAsync(new() { TicketId = "t-none" }); break;
                case "ChannelService/SubmitSideConversationMessage":
                    await channel.SubmitSideConversationMessageAsync(new()
                    {
                        AdapterId = "web", TicketId = "t-none", SideConversationId = "sc-1", AdapterMessageId = "m", SenderAddress = "s@x", Body = "b",
                    });
                    break;
                case "ChannelService/EndConversation": await channel.EndConversationAsync(new() { AdapterId = "web", ConversationId = "none" }); break;
                case "ChannelService/SubmitCsatRating":
                    await channel.SubmitCsatRatingAsync(new() { AdapterId = "web", TicketId = "t-none", SurveyId = "csat-1", Rating = 5 });
                    break;
                case "AgentService/StreamDesk":
                    using (var call = agent.StreamDesk(new() { AgentId = "alice" }))
                    {
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
                case "AgentService/SetPresence": await agent.SetPresenceAsync(new() { AgentId = "alice", Presence = Presence.Away }); break;
                case "AgentService/AcceptOffer": await agent.AcceptOfferAsync(new() { AgentId = "alice", TicketId = "t-none" }); break;
                case "AgentService/DeclineOffer": await agent.DeclineOfferAsync(new() { AgentId = "alice", TicketId = "t-none" }); break;
                case "AgentService/Reply": await agent.ReplyAsync(new() { AgentId = "alice", TicketId = "t-none", Body = "hi" }); break;
                case "AgentService/SolveTicket": await agent.SolveTicketAsync(new() { AgentId = "alice", TicketId = "t-none" }); break;
                case "AgentService/TransferTicket": await agent.TransferTicketAsync(new() { AgentId = "alice", TicketId = "t-none", TargetQueueId = "default" }); break;
                case "AgentService/GetTicket": await agent.GetTicketAsync(new() { TicketId = "t-none" }); break;
                case "SupervisorService/GetQueueStatus": await supervisor.GetQueueStatusAsync(new()); break;
                case "SupervisorService/Watch":
                    using (var call = supervisor.Watch(new()))
                    {
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
                case "SupervisorService/SetAgentPresence": await supervisor.SetAgentPresenceAsync(new() { AgentId = "alice", Presence = Presence.Away }); break;
                case "SupervisorService/ReassignTicket": await supervisor.ReassignTicketAsync(new() { TicketId = "t-none", TargetQueueId = "default" }); break;
                case "ReportService/GetReport":
                    await reports.GetReportAsync(new() { StartTime = new() { Seconds = now.Seconds - 3600 }, EndTime = now, GroupBy = ReportGrouping.Queue });
                    break;
                case "ReportService/ExportReportCsv":
                    await reports.ExportReportCsvAsync(new() { StartTime = new() { Seconds = now.Seconds - 3600 }, EndTime = now, GroupBy = ReportGrouping.Day });
                    break;
                case "SupervisorService/SetTicketPriority": await supervisor.SetTicketPriorityAsync(new() { TicketId = "t-none", Priority = 2 }); break;
                case "AdminService/UpsertAgent": await admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "table-agent" } }); break;
                case "AdminService/GetAgent": await admin.GetAgentAsync(new() { AgentId = "alice" }); break;
                case "AdminService/UpsertQueue": await admin.UpsertQueueAsync(new() { Queue = new QueueConfig { QueueId = "table-queue" } }); break;
                case "AdminService/GetQueue": await admin.GetQueueAsync(new() { QueueId = "default" }); break;
                case "AdminService/ListQueues": await admin.ListQueuesAsync(new()); break;
                case "AdminService/SetRoutingRules": await admin.SetRoutingRulesAsync(new()); break;
                case "AdminService/GetRoutingRules": await admin.GetRoutingRulesAsync(new()); break;
                case "AdminService/CreateApiKey": await admin.CreateApiKeyAsync(new() { Name = "table", Role = Role.Supervisor }); break;
                case "AdminService/ListApiKeys": await admin.ListApiKeysAsync(new()); break;
                case "AdminService/RevokeApiKey": await admin.RevokeApiKeyAsync(new() { KeyId = secured.ThrowawayKeyId }); break;
                case "AdminService/RotateApiKey": await admin.RotateApiKeyAsync(new() { KeyId = secured.ThrowawayKeyId }); break;
                case "AdminService/CreateAccessToken": await admin.CreateAccessTokenAsync(new() { Role = Role.Supervisor }); break;
                case "AdminService/EraseCustomer": await admin.EraseCustomerAsync(new() { CustomerId = "c-none" }); break;
                case "AdminService/CloseTicket": await admin.CloseTicketAsync(new() { TicketId = "t-none" }); break;
                case "AdminService/CreateTenant": await admin.CreateTenantAsync(new() { TenantId = $"x{Guid.NewGuid():N}"[..20] }); break;
                case "AgentService/UpdateTicket": await agent.UpdateTicketAsync(new() { AgentId = "alice", TicketId = "t-none", AddTags = { "vip" } }); break;
                case "AgentService/AddInternalNote": await agent.AddInternalNoteAsync(new() { AgentId = "alice", TicketId = "t-none", Body = "note" }); break;
                case "AgentService/ApplyMacro": await agent.ApplyMacroAsync(new() { AgentId = "alice", TicketId = "t-none", MacroId = "m-none" }); break;
                case "AgentService/ListTicketEvents": await agent.ListTicketEventsAsync(new() { TicketId = "t-none" }); break;
                case "AgentService/MergeTickets":
                    await agent.MergeTicketsAsync(new() { AgentId = "alice", SourceTicketId = "t-none", TargetTicketId = "t-other" });
                    break;
                case "AgentService/StartSideConversation":
                    await agent.StartSideConversationAsync(new()
                    {
                        AgentId = "alice", TicketId = "t-none", AdapterId = "email", Channel = Channel.Email, RecipientAddress = "s@x", Subject = "s", Body = "b",
                    });
                    break;
                case "AgentService/ReplySideConversation":
                    await agent.ReplySideConversationAsync(new() { AgentId = "alice", TicketId = "t-none", SideConversationId = "sc-1", Body = "b" });
                    break;
                case "AgentService/CloseSideConversation":
                    await agent.CloseSideConversationAsync(new() { AgentId = "alice", TicketId = "t-none", SideConversationId = "sc-1" });
                    break;
                case "AgentService/ListCustomerTickets": await agent.ListCustomerTicketsAsync(new() { CustomerId = "c-none" }); break;
                case "AdminService/UpsertTicketField":
                    await admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "order", DisplayName = "Order", Kind = TicketFieldKind.Text } });
                    break;
                case "AdminService/ListTicketFields": await admin.ListTicketFieldsAsync(new()); break;
                case "AdminService/UpsertMacro": await admin.UpsertMacroAsync(new() { Macro = new Macro { MacroId = "thanks", Title = "Thanks", ReplyTemplate = "Thanks!" } }); break;
                case "AdminService/GetMacro": await admin.GetMacroAsync(new() { MacroId = "thanks" }); break;
                case "AdminService/ListMacros": await admin.ListMacrosAsync(new()); break;
                case "AdminService/DeleteMacro": await admin.DeleteMacroAsync(new() { MacroId = "m-none" }); break;
                case "AdminService/SetSlaPolicies": await admin.SetSlaPoliciesAsync(new()); break;
                case "AdminService/GetSlaPolicies": await admin.GetSlaPoliciesAsync(new()); break;
                case "AdminService/SetCsatSettings": await admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings() }); break;
                case "AdminService/GetCsatSettings": await admin.GetCsatSettingsAsync(new()); break;
                default: throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "Add the call to the table.");
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
