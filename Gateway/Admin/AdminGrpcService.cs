using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Security;
using Switchboard.Gateway.Security;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Admin;

/// <summary>A tenant's configuration: agents for now.</summary>
public sealed class AdminGrpcService(IGrainFactory grains, ApiKeyIssuer keys, Authenticator authenticator, TimeProvider clock) : AdminService.AdminServiceBase
{
    public override async Task<UpsertAgentResponse> UpsertAgent(UpsertAgentRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Agent);
        var profile = Wire.ToDomain(request.Agent);
        var saved = await grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, profile.AgentId)).UpsertProfile(profile);
        return new UpsertAgentResponse { Agent = Wire.ToWire(saved) };
    }

    public override async Task<GetAgentResponse> GetAgent(GetAgentRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        var status = await grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, request.AgentId)).GetStatus();
        var response = new GetAgentResponse { Agent = Wire.ToWire(status.Profile), Presence = Wire.ToWire(status.Presence) };
        response.AssignedTicketIds.AddRange(status.AssignedTicketIds);
        response.OfferedTicketIds.AddRange(status.Offers.Select(o => o.TicketId));
        return response;
    }

    public override async Task<UpsertQueueResponse> UpsertQueue(UpsertQueueRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Queue);
        var saved = await Routing(tenant).UpsertQueue(Wire.ToDomain(request.Queue));
        return new UpsertQueueResponse { Queue = Wire.ToWire(saved) };
    }

    public override async Task<GetQueueResponse> GetQueue(GetQueueRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("queue_id", request.QueueId);
        return new GetQueueResponse { Queue = Wire.ToWire(await Routing(tenant).GetQueue(request.QueueId)) };
    }

    public override async Task<ListQueuesResponse> ListQueues(ListQueuesRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new ListQueuesResponse();
        response.Queues.AddRange((await Routing(tenant).ListQueues()).Select(Wire.ToWire));
        return response;
    }

    public override async Task<SetRoutingRulesResponse> SetRoutingRules(SetRoutingRulesRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        for (var i = 0; i < request.Rules.Count; i++)
        {
            RequestValidator.Validate(request.Rules[i], $"rules[{i}]");
        }
        await Routing(tenant).SetRules(request.Rules.Select(Wire.ToDomain).ToArray());
        return new SetRoutingRulesResponse();
    }

    public override async Task<GetRoutingRulesResponse> GetRoutingRules(GetRoutingRulesRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new GetRoutingRulesResponse();
        response.Rules.AddRange((await Routing(tenant).GetRules()).Select(Wire.ToWire));
        return response;
    }

    public override async Task<CreateTenantResponse> CreateTenant(CreateTenantRequest request, ServerCallContext context)
    {
        RequestValidator.Name("tenant_id", request.TenantId);
        await grains.GetGrain<ITenantGrain>(request.TenantId).Create(string.IsNullOrWhiteSpace(request.DisplayName) ? request.TenantId : request.DisplayName);
        var (key, token) = await keys.Create(request.TenantId, "first admin", CallerRole.Admin, null, null);
        return new CreateTenantResponse { TenantId = request.TenantId, AdminKey = Wire.ToWire(key), AdminKeySecret = token };
    }

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        var (key, token) = await keys.Create(tenant, request.Name, Wire.ToDomain(request.Role),
            request.AdapterId.Length > 0 ? request.AdapterId : null, request.AgentId.Length > 0 ? request.AgentId : null);
        return new CreateApiKeyResponse { Key = Wire.ToWire(key), Secret = token };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new ListApiKeysResponse();
        foreach (var keyId in await grains.GetGrain<ITenantGrain>(tenant).KeyIds())
        {
            if (await grains.GetGrain<IApiKeyGrain>(keyId).Get() is { } key)
            {
                response.Keys.Add(Wire.ToWire(key));
            }
        }
        return response;
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var key = await OwnKey(context, request.KeyId);
        var revoked = await grains.GetGrain<IApiKeyGrain>(key.KeyId).Revoke(clock.GetUtcNow());
        authenticator.Forget(key.KeyId);
        return new RevokeApiKeyResponse { Key = Wire.ToWire(revoked) };
    }

    public override async Task<RotateApiKeyResponse> RotateApiKey(RotateApiKeyRequest request, ServerCallContext context)
    {
        var old = await OwnKey(context, request.KeyId);
        var (key, token) = await keys.Create(old.Tenant, old.Name, old.Role, old.AdapterId, old.AgentId);
        await grains.GetGrain<IApiKeyGrain>(old.KeyId).Revoke(clock.GetUtcNow());
        authenticator.Forget(old.KeyId);
        return new RotateApiKeyResponse { Key = Wire.ToWire(key), Secret = token };
    }

    public override Task<CreateAccessTokenResponse> CreateAccessToken(CreateAccessTokenRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        var validFor = request.ValidFor?.ToTimeSpan() ?? TimeSpan.FromHours(8);
        var token = authenticator.IssueToken(tenant, Wire.ToDomain(request.Role), request.AgentId.Length > 0 ? request.AgentId : null, validFor, out var expiresAt);
        return Task.FromResult(new CreateAccessTokenResponse { Token = token, ExpiresAt = Wire.ToWire(expiresAt) });
    }

    public override async Task<EraseCustomerResponse> EraseCustomer(EraseCustomerRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("customer_id", request.CustomerId);
        // Fanned out from here: the customer grain is called by tickets, so it must not call them back.
        var erased = await grains.GetGrain<ICustomerGrain>(GrainKey.For(tenant, request.CustomerId)).Erase();
        foreach (var identity in erased.Identities)
        {
            await grains.GetGrain<ICustomerDirectoryGrain>(GrainKey.For(tenant, identity)).Forget(erased.CustomerId);
        }
        foreach (var ticketId in erased.TicketIds)
        {
            await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId)).EraseCustomer();
        }
        var response = new EraseCustomerResponse { IdentitiesForgotten = erased.Identities.Count };
        response.TicketIds.AddRange(erased.TicketIds);
        return response;
    }

    public override async Task<CloseTicketResponse> CloseTicket(CloseTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        var status = await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId)).Close();
        return new CloseTicketResponse { Status = Wire.ToWire(status) };
    }

    public override async Task<UpsertTicketFieldResponse> UpsertTicketField(UpsertTicketFieldRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Field);
        var saved = await Ticketing(tenant).UpsertField(Wire.ToDomain(request.Field));
        return new UpsertTicketFieldResponse { Field = Wire.ToWire(saved) };
    }

    public override async Task<ListTicketFieldsResponse> ListTicketFields(ListTicketFieldsRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new ListTicketFieldsResponse();
        response.Fields.AddRange((await Ticketing(tenant).ListFields()).Select(Wire.ToWire));
        return response;
    }

    public override async Task<UpsertMacroResponse> UpsertMacro(UpsertMacroRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Macro);
        var saved = await Ticketing(tenant).UpsertMacro(Wire.ToDomain(request.Macro));
        return new UpsertMacroResponse { Macro = Wire.ToWire(saved) };
    }

    public override async Task<GetMacroResponse> GetMacro(GetMacroRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("macro_id", request.MacroId);
        return new GetMacroResponse { Macro = Wire.ToWire(await Ticketing(tenant).GetMacro(request.MacroId)) };
    }

    public override async Task<ListMacrosResponse> ListMacros(ListMacrosRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new ListMacrosResponse();
        response.Macros.AddRange((await Ticketing(tenant).ListMacros()).Select(Wire.ToWire));
        return response;
    }

    public override async Task<DeleteMacroResponse> DeleteMacro(DeleteMacroRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("macro_id", request.MacroId);
        await Ticketing(tenant).DeleteMacro(request.MacroId);
        return new DeleteMacroResponse();
    }

    public override async Task<SetSlaPoliciesResponse> SetSlaPolicies(SetSlaPoliciesRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Policies);
        await Ticketing(tenant).SetSlaPolicies(request.Policies.Select(Wire.ToDomain).ToArray());
        return new SetSlaPoliciesResponse();
    }

    public override async Task<GetSlaPoliciesResponse> GetSlaPolicies(GetSlaPoliciesRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var response = new GetSlaPoliciesResponse();
        response.Policies.AddRange((await Ticketing(tenant).GetSlaPolicies()).Select(Wire.ToWire));
        return response;
    }

    public override async Task<SetCsatSettingsResponse> SetCsatSettings(SetCsatSettingsRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request.Settings);
        var settings = Wire.ToDomain(request.Settings);
        await Ticketing(tenant).SetCsatSettings(settings);
        return new SetCsatSettingsResponse { Settings = Wire.ToWire(settings) };
    }

    public override async Task<GetCsatSettingsResponse> GetCsatSettings(GetCsatSettingsRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        return new GetCsatSettingsResponse { Settings = Wire.ToWire(await Ticketing(tenant).GetCsatSettings()) };
    }

    private ITenantTicketingGrain Ticketing(string tenant) => grains.GetGrain<ITenantTicketingGrain>(tenant);

    private ITenantRoutingGrain Routing(string tenant) => grains.GetGrain<ITenantRoutingGrain>(tenant);

    /// <summary>A key of the caller's own tenant; another tenant's key is reported as not found.</summary>
    private async Task<ApiKeyRecord> OwnKey(ServerCallContext context, string keyId)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("key_id", keyId);
        var key = await grains.GetGrain<IApiKeyGrain>(keyId).Get();
        return key is not null && key.Tenant == tenant ? key : throw SwitchboardException.NotFound($"API key '{keyId}' does not exist in tenant '{tenant}'.");
    }
}
