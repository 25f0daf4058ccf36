using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets.Sla;

/// <summary>A warning (before) or breach (at) of an SLA target due at <paramref name="DueAt"/>.</summary>
public sealed record SlaAlarm(SlaMetric Metric, DateTimeOffset DueAt, bool Breach);
