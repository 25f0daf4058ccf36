-- The routing facts a rebuilt queue needs besides position and priority: the conversation's language,
-- the customer's last agent (offered first) and the agent a transfer named (offered only).
ALTER TABLE tickets ADD COLUMN language text;
ALTER TABLE tickets ADD COLUMN preferred_agent text;
ALTER TABLE tickets ADD COLUMN target_agent text;
