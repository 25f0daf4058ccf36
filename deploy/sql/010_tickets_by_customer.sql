-- A customer's ticket history is read from the index by customer (its opening append is the only write a new
-- conversation makes before its ack), no longer kept as a list in the customer's own record.
CREATE INDEX tickets_by_customer ON tickets (tenant, customer_id);
