-- An adapter's outbound deliveries until it acknowledges them, one row each: a new message writes its row alone,
-- however many wait for an adapter that is down (they used to be rewritten whole in the outbox grain's record on
-- every message). The payload is Orleans' version-tolerant encoding of the delivery.
CREATE TABLE outbox_deliveries (
    tenant            text   NOT NULL,
    adapter_id        text   NOT NULL,
    delivery_sequence bigint NOT NULL,
    payload           bytea  NOT NULL,
    PRIMARY KEY (tenant, adapter_id, delivery_sequence)
);
