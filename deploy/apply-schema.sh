#!/usr/bin/env bash
# Applies Switchboard's PostgreSQL schema: every deploy/sql/NNN_*.sql not yet recorded in schema_version,
# in order, each in its own transaction together with its schema_version row. Safe to run again, and by
# several processes at once (they take turns on an advisory lock).
#
#   deploy/apply-schema.sh 'Host=127.0.0.1;Port=5432;Username=postgres;Database=switchboard'   (Npgsql style)
#   deploy/apply-schema.sh postgresql://postgres@127.0.0.1:5432/switchboard                     (libpq URI)
#   deploy/apply-schema.sh -h 127.0.0.1 -p 5432 -U postgres -d switchboard                      (psql arguments)
#   deploy/apply-schema.sh                                                                       (PG* environment)
set -euo pipefail
sql_dir="$(cd "$(dirname "$0")" && pwd)/sql"

# An Npgsql connection string ("Key=Value;...") becomes libpq keywords; anything else goes to psql as is.
psql_args=("$@")
if [ $# -eq 1 ] && [[ "$1" == *=* ]] && [[ "$1" != *://* ]]; then
  conninfo=""
  IFS=';' read -r -a pairs <<<"$1"
  for pair in "${pairs[@]}"; do
    [ -n "${pair// /}" ] || continue
    key=$(echo "${pair%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value=${pair#*=}
    case "$key" in
      host|server) conninfo+=" host='$value'" ;;
      port) conninfo+=" port='$value'" ;;
      username|user|userid|"user id") conninfo+=" user='$value'" ;;
      password) conninfo+=" password='$value'" ;;
      database|db) conninfo+=" dbname='$value'" ;;
      *) ;; # pooling, timeouts and the like mean nothing to psql
    esac
  done
  psql_args=("$conninfo")
fi

run_psql() {
  psql -X -q -v ON_ERROR_STOP=1 "$@" "${psql_args[@]}"
}

run_psql --single-transaction -c "SET LOCAL client_min_messages = warning" -c "SELECT pg_advisory_xact_lock(7429115)" -o /dev/null -c "CREATE TABLE IF NOT EXISTS schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())"

applied=0
for file in "$sql_dir"/[0-9][0-9][0-9]_*.sql; do
  name=$(basename "$file" .sql)
  version=$((10#${name%%_*}))
  # Lock, check and apply in one transaction, so two runs never apply a migration twice.
  output=$(run_psql --single-transaction -t -A <<SQL
SELECT pg_advisory_xact_lock(7429115);
SELECT EXISTS (SELECT 1 FROM schema_version WHERE version = $version) AS done \gset
\if :done
\else
\i '$file'
INSERT INTO schema_version (version, name) VALUES ($version, '$name');
SELECT 'applied';
\endif
SQL
)
  if [[ "$output" == *applied* ]]; then
    echo "applied $name"
    applied=$((applied + 1))
  fi
done
current=$(run_psql -t -A -c "SELECT COALESCE(MAX(version), 0) FROM schema_version")
echo "schema at version $current ($applied applied now)"
