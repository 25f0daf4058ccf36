-- While a ticket is solved, when it was solved (null otherwise). Each tenant's sweeper closes the tickets solved longer
-- ago than the auto-close time by this index, instead of one reminder per solved ticket, which the reminder service
-- would hold in memory for the days each waits. Tickets solved before this migration keep their reminders.
ALTER TABLE tickets ADD COLUMN solved_at timestamptz;

CREATE INDEX tickets_solved ON tickets (tenant, solved_at) WHERE solved_at IS NOT NULL;
