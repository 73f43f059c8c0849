#!/usr/bin/env bash
# Starts Gatehouse on https://localhost:8443 with the demo org from samples/demo-seed.json.
# Data (database, local CA, keys) lives in ./.gatehouse; delete it to start over.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Gatehouse.Server -c Release -v quiet -nologo
cat <<'TEXT'

Demo users:     alice@example.com / Wonderland-2026    bob@example.com / Builder-2026!
Demo web app:   client_id 0oaquickstartwebapp01 (secret in samples/demo-seed.json)

TEXT
exec src/Gatehouse.Server/bin/Release/net10.0/gatehouse serve --seed samples/demo-seed.json "$@"
