-- Reports select a tenant's events by time (which tickets had something happen in a range); without this
-- index that is a scan of every event the tenant ever had.
CREATE INDEX ticket_events_by_time ON ticket_events (tenant, occurred_at);
