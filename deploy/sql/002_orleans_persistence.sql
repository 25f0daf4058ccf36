-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4, invariant "Npgsql").
--
-- A grain's state is one row, keyed by service, state name ("grain type" to the provider) and grain id
-- (two 64-bit parts for integer and GUID keys, plus the string key or key extension). The version is the
-- ETag: a write or clear names the version it read and gets the next one, or NULL when someone else wrote first.

CREATE TABLE orleans_grain_state (
    service_id         text NOT NULL,
    grain_type_hash    integer NOT NULL,
    grain_type         text NOT NULL,
    grain_id_hash      integer NOT NULL,
    grain_id_n0        bigint NOT NULL,
    grain_id_n1        bigint NOT NULL,
    grain_id_extension text,
    payload            bytea,
    version            integer NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_key UNIQUE NULLS NOT DISTINCT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- Lookups go through the hashes (short, fixed-size) and then compare the full key.
CREATE INDEX orleans_grain_state_by_hash ON orleans_grain_state (grain_id_hash, grain_type_hash);

CREATE FUNCTION orleans_write_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_extension text, p_service_id text, p_version integer, p_payload bytea)
RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    new_version integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
                                         grain_id_n1, grain_id_extension, payload, version)
        VALUES (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0,
                p_grain_id_n1, p_grain_id_extension, p_payload, 1)
        ON CONFLICT ON CONSTRAINT orleans_grain_state_key DO NOTHING
        RETURNING version INTO new_version;
        RETURN new_version;
    END IF;
    UPDATE orleans_grain_state
    SET payload = p_payload, version = version + 1, modified_at = now()
    WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
      AND service_id = p_service_id AND grain_type = p_grain_type
      AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
      AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
      AND version = p_version
    RETURNING version INTO new_version;
    RETURN new_version;
END
$fn$;

-- Clearing keeps the row (and so the version sequence) with no payload; deleting removes it.
CREATE FUNCTION orleans_clear_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_extension text, p_service_id text, p_version integer, p_delete boolean)
RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    new_version integer;
BEGIN
    IF p_delete THEN
        DELETE FROM orleans_grain_state
        WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
          AND service_id = p_service_id AND grain_type = p_grain_type
          AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
          AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
          AND version = p_version
        RETURNING version + 1 INTO new_version;
        RETURN new_version;
    END IF;
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
      AND service_id = p_service_id AND grain_type = p_grain_type
      AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
      AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
      AND version = p_version
    RETURNING version INTO new_version;
    RETURN new_version;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload AS "PayloadBinary", version AS "Version"
    FROM orleans_grain_state
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('WriteToStorageKey', $q$
    SELECT orleans_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                     @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
           AS "NewGrainStateVersion";
$q$),
('ClearStorageKey', $q$
    SELECT orleans_clear_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                     @GrainIdExtensionString, @ServiceId, @GrainStateVersion, false)
           AS "NewGrainStateVersion";
$q$),
('DeleteStorageKey', $q$
    SELECT orleans_clear_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                     @GrainIdExtensionString, @ServiceId, @GrainStateVersion, true)
           AS "NewGrainStateVersion";
$q$);
