#!/usr/bin/env bash
# The whole test suite: proto lint, then every test project. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== proto lint (buf)"
if [ ! -x tools/buf/node_modules/.bin/buf ]; then
  npm ci --prefix tools/buf --no-audit --no-fund >/dev/null
fi
tools/buf/node_modules/.bin/buf lint

echo "== build"
dotnet build Switchboard.slnx -c Release -warnaserror --nologo -v quiet

echo "== PostgreSQL (loopback, temporary)"
postgres_dir=$(mktemp -d -t switchboard-postgres.XXXXXX)
results=$(mktemp -d)
cleanup() {
  deploy/postgres-local.sh stop "$postgres_dir"
  rm -rf "$results"
}
trap cleanup EXIT
deploy/postgres-local.sh start "$postgres_dir"
eval "$(deploy/postgres-local.sh env "$postgres_dir")"
export SWITCHBOARD_TEST_POSTGRES

echo "== tests"
status=0
dotnet test Switchboard.slnx -c Release --no-build --nologo --logger "trx" --results-directory "$results" || status=$?

# One closing line for every runner to read: totals across all test projects.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
