#!/usr/bin/env bash
# The demo: builds and starts Gatehouse on https://localhost:8443 with the demo org from samples/demo-seed.json,
# and the guide's sample web app (samples/QuickstartWebApp) on https://localhost:5001, waits until both answer,
# prints the URLs and the demo credentials, and stops both on Ctrl-C.
#
#   ./run.sh                  Gatehouse and the sample app
#   ./run.sh --no-sample      Gatehouse only
#   ./run.sh --data-dir DIR   any other option goes to `gatehouse serve` (docs/configuration.md)
#
# Data (database, local CA, keys) lives in ./.gatehouse unless --data-dir says otherwise; delete it to start over.
set -euo pipefail
cd "$(dirname "$0")"
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sample=1
data_dir="$root/.gatehouse"
serve_args=()
while (($#)); do
  case "$1" in
    --no-sample) sample=0 ;;
    --data-dir) serve_args+=("$1" "$2"); data_dir="$(realpath -m "$2")"; shift ;;
    --data-dir=*) serve_args+=("$1"); data_dir="$(realpath -m "${1#--data-dir=}")" ;;
    *) serve_args+=("$1") ;;
  esac
  shift
done

gatehouse_port=8443
sample_port=5001
for port in $gatehouse_port $( ((sample)) && echo $sample_port ); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (another ./run.sh?). Stop that first." >&2
    exit 1
  fi
done

echo "Building..."
dotnet build src/Gatehouse.Server -c Release -v quiet -nologo -clp:ErrorsOnly
if ((sample)); then
  dotnet build samples/QuickstartWebApp -c Release -v quiet -nologo -clp:ErrorsOnly
fi

pids=()
stop() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True once something accepts connections on the port: both servers listen only after they have fully started
# (Gatehouse after migrating and seeding its database).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name pid port
  until listening "$3"; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "$1 exited before it was ready; its output is above." >&2
      exit 1
    fi
    sleep 0.2
  done
}

src/Gatehouse.Server/bin/Release/net10.0/gatehouse serve --seed samples/demo-seed.json "${serve_args[@]}" \
  > >(sed -u 's/^/[gatehouse] /') 2>&1 &
pids+=($!)
wait_for Gatehouse "${pids[0]}" $gatehouse_port

if ((sample)); then
  # The sample app trusts Gatehouse's local CA for its calls to Gatehouse, and serves HTTPS with Gatehouse's
  # localhost certificate (issued by that CA) through Kestrel's standard certificate settings.
  (
    cd samples/QuickstartWebApp
    export ASPNETCORE_URLS="https://localhost:$sample_port"
    export Backchannel__CaCertificatePath="$data_dir/tls/ca.pem"
    export Kestrel__Certificates__Default__Path="$data_dir/tls/server.pem"
    export Kestrel__Certificates__Default__KeyPath="$data_dir/tls/server-key.pem"
    exec dotnet bin/Release/net10.0/QuickstartWebApp.dll
  ) > >(sed -u 's/^/[sample]    /') 2>&1 &
  pids+=($!)
  wait_for "The sample app" "${pids[1]}" $sample_port
fi

cat <<TEXT

================================================================================
 Gatehouse is ready.
   Org issuer:      https://localhost:$gatehouse_port
   Default issuer:  https://localhost:$gatehouse_port/oauth2/default
   Local CA:        $data_dir/tls/ca.pem   (trust it in your browser)
   Admin console:   https://localhost:$gatehouse_port/admin   (alice@example.com is a super admin)
TEXT
if ((sample)); then
  cat <<TEXT

 Sample web app:    https://localhost:$sample_port   <- open this, click Sign In
TEXT
fi
cat <<TEXT

 Demo users:        alice@example.com / Wonderland-2026
                    bob@example.com   / Hammer-Time-2026!
 Demo web app:      client_id 0oaquickstartwebapp01 (secret in samples/demo-seed.json)

 Press Ctrl-C to stop.
================================================================================

TEXT

# Runs until Ctrl-C, or until one of the servers exits (then the other is stopped too).
set +e
wait -n "${pids[@]}"
status=$?
echo "A server exited (status $status); stopping." >&2
exit "$status"
