-- Each new ticket looks up its customer's last agent: the most recently assigned of the customer's tickets. Through
-- tickets_by_customer that is a read of all the customer's rows and a sort, and a plan made on stale statistics (say,
-- taken before any ticket had an agent, so that none seems to have one) read the whole table or the tenant's primary
-- key instead, on every new ticket. This index holds only tickets that had an agent, newest first per customer, so
-- the lookup is its first entry for the customer, and the planner takes it whatever its statistics say.
CREATE INDEX tickets_last_agent ON tickets (tenant, customer_id, last_assigned_at DESC) WHERE last_agent IS NOT NULL;
