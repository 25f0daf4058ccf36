-- An agent whose activation was lost with its silo rebuilds its open tickets from the index (the ticket's log is
-- written before the agent's own record), so it looks tickets up by assignee.
CREATE INDEX tickets_by_assignee ON tickets (tenant, assignee) WHERE assignee IS NOT NULL;
