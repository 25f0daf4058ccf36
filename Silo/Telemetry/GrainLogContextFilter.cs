using Serilog.Context;
using Switchboard.Contracts;
using Switchboard.Contracts.Telemetry;
using Switchboard.Silo.Agents;
using Switchboard.Silo.Channels;
using Switchboard.Silo.Customers;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Security;
using Switchboard.Silo.Supervision;
using Switchboard.Silo.Tickets;

namespace Switchboard.Silo.Telemetry;

/// <summary>
/// Tags every log event a grain writes while serving a call with the tenant and the entity the grain is
/// (ticket, agent, customer, queue, adapter), read from its key: one place instead of every log line.
/// Grains keyed by a customer's address (the customer directory) get the tenant only, so no address is logged.
/// </summary>
public sealed class GrainLogContextFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var (tenant, entity) = Describe(context.Grain, context.TargetContext.GrainId);
        if (tenant is null)
        {
            await context.Invoke();
            return;
        }
        using var tenantProperty = LogContext.PushProperty(LogProperties.TenantId, tenant);
        using var entityProperty = entity is { } e ? LogContext.PushProperty(e.Property, e.Id) : null;
        await context.Invoke();
    }

    private static (string? Tenant, (string Property, string Id)? Entity) Describe(object grain, GrainId id)
    {
        var entityProperty = grain switch
        {
            TicketGrain => LogProperties.TicketId,
            AgentGrain => LogProperties.AgentId,
            CustomerGrain => LogProperties.CustomerId,
            QueueGrain => LogProperties.QueueId,
            ChannelOutboxGrain => LogProperties.AdapterId,
            _ => null,
        };
        if (entityProperty is not null)
        {
            var (tenant, entityId) = GrainKey.Parse(id.Key.ToString()!);
            return (tenant, (entityProperty, entityId));
        }
        return grain switch
        {
            // Keyed by the tenant alone.
            TenantGrain or TenantRoutingGrain or TenantTicketingGrain or SupervisionGrain => (id.Key.ToString(), null),
            // "{tenant}/{something}" where the something is not an id worth a property (or is personal data).
            ConversationGrain or CustomerDirectoryGrain => (GrainKey.Parse(id.Key.ToString()!).Tenant, null),
            _ => (null, null),
        };
    }
}
