-- A customer's identities, name and preferred agent are read from their tickets' index rows, not kept in the
-- customer's own record: a new conversation then writes nothing for its customer, and an assignment nothing either.
-- customer_identity is the "{channel}:{address}" the ticket was opened from (null once the customer is erased);
-- customer_name the name the adapter sent with it; last_agent the ticket's last assignee (kept when it is solved or
-- re-queued) and last_assigned_at when.
ALTER TABLE tickets
    ADD COLUMN customer_identity text,
    ADD COLUMN customer_name     text,
    ADD COLUMN last_agent        text,
    ADD COLUMN last_assigned_at  timestamptz;

-- Rows written before: their assignee, and the address their opening event names. Names stay where they were written
-- (the customers' own records), which Switchboard still reads.
UPDATE tickets SET last_agent = assignee, last_assigned_at = updated_at WHERE assignee IS NOT NULL;
UPDATE tickets t SET customer_identity = lower(t.channel) || ':' || (e.payload::jsonb ->> 'customerAddress')
FROM ticket_events e
WHERE e.tenant = t.tenant AND e.ticket_id = t.ticket_id AND e.sequence = 1 AND e.kind = 'opened'
  AND e.payload::jsonb ->> 'customerAddress' <> '[erased]';
