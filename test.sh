#!/usr/bin/env bash
# Runs every check CI runs, from a clean clone on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need (Debian's Chromium and the NSS tools for the browser tests, when missing; the .NET
# tools in dotnet-tools.json, the npm packages of tests/okta-sdk-compat), builds with warnings as errors, verifies formatting and runs all tests.
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
dotnet test Gatehouse.slnx --no-build -c Release --logger "console;verbosity=normal"
