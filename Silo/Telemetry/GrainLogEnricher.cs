using Serilog.Core;
using Serilog.Events;
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
/// Tags every log event grain code writes with the tenant and the entity the grain is (ticket, agent, customer,
/// queue, adapter), read from its key: one place instead of every log line. Grains keyed by a customer's address
/// (the customer directory) get the tenant only, so no address is logged.
/// <para>
/// The grain is the one whose turn is running when the event is written (Orleans' current grain context), so the
/// work is done per log event, not per grain call: a call filter pushing the same properties on every call cost
/// each call an async frame and four execution-context changes, whether or not anything was logged.
/// </para>
/// </summary>
public sealed class GrainLogEnricher(IGrainContextAccessor grains) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (grains.GrainContext is not { GrainInstance: { } grain } context)
        {
            return;
        }
        var (tenant, entity) = Describe(grain, context.GrainId);
        if (tenant is null)
        {
            return;
        }
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(LogProperties.TenantId, tenant));
        if (entity is { } e)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(e.Property, e.Id));
        }
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
