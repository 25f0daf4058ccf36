-- Which wait a waiting ticket is in: the log position of the event that put it in line. A queue rebuilt from the
-- index names its offers by this, as the ticket does, so an agent's answer settles the wait it was made in even
-- when messages, priority changes or SLA events were logged while the ticket waited.
ALTER TABLE tickets ADD COLUMN wait_sequence BIGINT;
