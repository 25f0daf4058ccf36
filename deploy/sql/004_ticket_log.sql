-- Switchboard's ticket logs: one row per event, appended, never rewritten (the transcript and the audit trail),
-- and one index row per ticket with where it stands, written in the same transaction as its events.
-- The payload is the event as JSON text, kept byte for byte; reports can read it with payload::jsonb.

CREATE TABLE ticket_events (
    tenant      text NOT NULL,
    ticket_id   text NOT NULL,
    sequence    bigint NOT NULL,
    kind        text NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload     text NOT NULL,
    PRIMARY KEY (tenant, ticket_id, sequence)
);

CREATE TABLE tickets (
    tenant        text NOT NULL,
    ticket_id     text NOT NULL,
    status        text NOT NULL,
    channel       text NOT NULL,
    customer_id   text NOT NULL,
    queue_id      text NOT NULL,
    assignee      text,
    waiting_since timestamptz,
    priority      integer NOT NULL,
    preview       text NOT NULL,
    last_sequence bigint NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, ticket_id)
);

-- Queues rebuild their waiting lines from this.
CREATE INDEX tickets_waiting ON tickets (tenant, queue_id, waiting_since) WHERE waiting_since IS NOT NULL;
