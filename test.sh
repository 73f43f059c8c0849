#!/usr/bin/env bash
# Runs every check CI runs, from a clean clone on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need (Debian's Chromium and the NSS tools for the browser tests, when missing; the .NET
# tools in dotnet-tools.json, the npm packages of tests/okta-sdk-compat; PostgreSQL), builds with warnings as errors,
# verifies formatting and runs all tests, then the server tests again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The browser tests (tests/Gatehouse.EndToEndTests) drive /usr/bin/chromium through Playwright and give it
# Gatehouse's local CA with certutil. Playwright's own browser download is never used.
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v certutil > /dev/null || missing+=(libnss3-tools)
if ((${#missing[@]})); then
  sudo=()
  ((EUID == 0)) || sudo=(sudo)
  echo "Installing ${missing[*]} (apt-get)..."
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
fi

dotnet tool restore
# Okta's Node management SDK, exactly as locked, for the compatibility test (tests/okta-sdk-compat).
npm ci --prefix tests/okta-sdk-compat --no-audit --no-fund
dotnet restore Gatehouse.slnx
dotnet build Gatehouse.slnx --no-restore -c Release -warnaserror
dotnet format Gatehouse.slnx --no-restore --verify-no-changes

# `dotnet pack` makes the .NET tool the README installs; install it as a user would and run it. Here rather than in a
# test: with the Release build above, packing takes seconds, while a test would have to rebuild (minutes on CI).
# Only the local package source, so that nothing named gatehouse is fetched from elsewhere.
tool_dir=$(mktemp -d)
pg_dir=$(mktemp -d /tmp/gatehouse-pg.XXXXXX)
results_dir=$(mktemp -d)
trap '.ci/postgres-cluster.sh stop "$pg_dir"; rm -rf "$tool_dir" "$results_dir"' EXIT
dotnet pack src/Gatehouse.Server --no-build -c Release -o "$tool_dir/package"
printf '<configuration><packageSources><clear /></packageSources></configuration>\n' > "$tool_dir/nuget.config"
dotnet tool install --tool-path "$tool_dir/tools" gatehouse --add-source "$tool_dir/package" --configfile "$tool_dir/nuget.config"
tool_help=$("$tool_dir/tools/gatehouse" --help)
[[ $tool_help == *"register"*"apps"* ]] || { echo 'The installed gatehouse tool does not list its verbs.' >&2; exit 1; }
# The two-node tests need PostgreSQL and fail without it; they run in the PostgreSQL pass below (ADR 0012).
# A failing run ends with the names of its failures (.ci/print-failed-tests.py): CI keeps only the log's tail.
run_tests() {
  dotnet test "$@" --no-build -c Release --logger "console;verbosity=normal" --logger trx --results-directory "$results_dir" ||
    { python3 .ci/print-failed-tests.py "$results_dir"; return 1; }
}
run_tests Gatehouse.slnx --filter "Category!=TwoNodes"

# Every server test again on PostgreSQL (docs/decisions/0011-postgresql-store.md): a throwaway cluster on 127.0.0.1
# (installed with apt-get when missing), one fresh database per test server (tests/…/Infrastructure/TestDatabase.cs),
# and the tests with two nodes sharing one database (tests/…/Nodes, Category=TwoNodes).
pg_connection=$(.ci/postgres-cluster.sh start "$pg_dir")
echo "Server tests on PostgreSQL ($pg_connection)"
GATEHOUSE_TEST_POSTGRES=$pg_connection run_tests tests/Gatehouse.Server.Tests
