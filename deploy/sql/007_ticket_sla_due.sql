-- When a waiting ticket's next SLA target falls due: queues ordered by nearest SLA breach rebuild their
-- line from it. Null when no SLA clock runs (no policy, paused, or every target met).
ALTER TABLE tickets ADD COLUMN sla_due_at timestamptz;
