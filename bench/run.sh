#!/usr/bin/env bash
# Gatehouse against node-oidc-provider, side by side on this machine (issue 6, docs/performance.md).
# One command from a fresh clone: installs the peer's npm packages, builds Release, seeds both with the same
# users and clients, measures the hash bound, cold start and memory, runs every scenario against both,
# interleaved, BENCH_ROUNDS times, and prints the medians. Results: bench/results/<UTC time>.json.
#
# Defaults take about 13 minutes on 2 cores. Shorter runs (smoke): BENCH_DURATION=2 BENCH_ROUNDS=1 bench/run.sh
#   BENCH_DURATION (s, 20)  BENCH_WARMUP (s, 2)  BENCH_CONCURRENCY (16)  BENCH_ROUNDS (3)  BENCH_USERS (1000)
#   BENCH_SCENARIOS (signin,client-credentials,refresh,userinfo,discovery+jwks)
#   BENCH_GATEHOUSE_PORT (18443)  BENCH_PEER_PORT (19443)
# Gatehouse's store and nodes (issue 9; the peer is always one process with its in-memory store):
#   BENCH_STORE=sqlite    the data directory's SQLite file (default)
#   BENCH_STORE=postgres  a throwaway PostgreSQL cluster (.ci/postgres-cluster.sh, durable settings) on 127.0.0.1
#   BENCH_NODES=2         two Gatehouse nodes on BENCH_GATEHOUSE_PORT and the next port, sharing the database, the
#                         public origin (node 1's URL: the issuer), key-encryption certificate and TLS certificate, as
#                         docs/deployment.md runs them; the driver sends each worker's connections to one node
#                         (--nodes), CPU per operation is both nodes' together. Needs BENCH_STORE=postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-2}
concurrency=${BENCH_CONCURRENCY:-16}
rounds=${BENCH_ROUNDS:-3}
users=${BENCH_USERS:-1000}
scenarios=${BENCH_SCENARIOS:-signin,client-credentials,refresh,userinfo,discovery+jwks}
gatehouse_port=${BENCH_GATEHOUSE_PORT:-18443}
peer_port=${BENCH_PEER_PORT:-19443}
store=${BENCH_STORE:-sqlite}
nodes=${BENCH_NODES:-1}
[[ $store == sqlite || $store == postgres ]] || { echo "BENCH_STORE must be sqlite or postgres" >&2; exit 2; }
[[ $nodes == 1 || $nodes == 2 ]] || { echo "BENCH_NODES must be 1 or 2" >&2; exit 2; }
[[ $nodes == 1 || $store == postgres ]] || { echo "BENCH_NODES=2 needs BENCH_STORE=postgres (SQLite serves one process)" >&2; exit 2; }
clk_tck=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results "$work/runs"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pids=()
postgres_dir=
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $postgres_dir ]]; then .ci/postgres-cluster.sh stop "$postgres_dir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT

log "building (npm ci for the peer, dotnet Release)"
(cd bench/peers/node-oidc-provider && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# Gatehouse as deployed (docs/configuration.md): published for this platform with ReadyToRun code.
dotnet publish src/Gatehouse.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/gatehouse-bin" -v quiet -nologo -clp:ErrorsOnly
dotnet build bench/LoadDriver -c Release -v quiet -nologo -clp:ErrorsOnly
driver() { dotnet bench/LoadDriver/bin/Release/net10.0/Gatehouse.Bench.LoadDriver.dll "$@"; }
gatehouse_bin=$work/gatehouse-bin/gatehouse

log "seeding $users users (one precomputed Identity v3 hash) and the peer's TLS certificate"
driver seed --out "$work" --users "$users"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench CA" -keyout "$work/ca-key.pem" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$work/peer-key.pem" -out "$work/peer.csr" 2>/dev/null
openssl x509 -req -in "$work/peer.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth') -out "$work/peer.pem" 2>/dev/null

# Gatehouse as deployed, with the rate limits off (they exist to stop abuse, and would refuse a load test).
export GATEHOUSE__RATELIMITS__ENABLED=false
export Logging__LogLevel__Default=Warning
gatehouse_issuer=https://127.0.0.1:$gatehouse_port/oauth2/default
gatehouse_ca=$work/gatehouse/tls/ca.pem
database_args=()
if [[ $store == postgres ]]; then
  # Outside $work: the cluster's directory belongs to the postgres user, who cannot enter mktemp's 0700 folder.
  postgres_dir=$work-postgres
  log "starting a throwaway PostgreSQL cluster with durable settings (fsync and synchronous_commit on)"
  export GATEHOUSE__DATABASEPROVIDER=postgres
  GATEHOUSE__CONNECTIONSTRING=$(POSTGRES_CLUSTER_DURABLE=1 .ci/postgres-cluster.sh start "$postgres_dir")
  export GATEHOUSE__CONNECTIONSTRING
  # The postmaster (its data folder is the postgres user's): the driver adds up its and its backends' CPU.
  if ((EUID == 0)); then postmaster=$(head -1 "$postgres_dir/data/postmaster.pid"); else postmaster=$(sudo head -1 "$postgres_dir/data/postmaster.pid"); fi
  database_args=(--database-pid "$postmaster")
fi
node_args=()
if ((nodes == 2)); then
  # docs/deployment.md, "Running several nodes": one public origin (here node 1's URL, so it is the issuer either
  # way), one key-encryption certificate (node 1 creates it), the same TLS certificate (copied from node 1).
  export GATEHOUSE__PUBLICORIGIN=https://127.0.0.1:$gatehouse_port
  export GATEHOUSE__KEYENCRYPTIONCERTIFICATEPATH=$work/key-encryption.pfx
  node_args=(--nodes "https://127.0.0.1:$gatehouse_port,https://127.0.0.1:$((gatehouse_port + 1))")
fi
start_gatehouse() { # extra serve args...
  "$gatehouse_bin" serve --data-dir "$work/gatehouse" --urls "https://127.0.0.1:$gatehouse_port" "$@" >>"$work/gatehouse.log" 2>&1 &
  gatehouse_pid=$!
  pids+=("$gatehouse_pid")
}
start_gatehouse_node2() {
  mkdir -p "$work/gatehouse-2"
  cp -r "$work/gatehouse/tls" "$work/gatehouse-2/"
  "$gatehouse_bin" serve --data-dir "$work/gatehouse-2" --urls "https://127.0.0.1:$((gatehouse_port + 1))" >>"$work/gatehouse-2.log" 2>&1 &
  gatehouse2_pid=$!
  pids+=("$gatehouse2_pid")
}
start_peer() {
  node bench/peers/node-oidc-provider/server.js --port "$peer_port" --cert "$work/peer.pem" --key "$work/peer-key.pem" \
    --seed "$work/peer-seed.json" >>"$work/peer.log" 2>&1 &
  peer_pid=$!
  pids+=("$peer_pid")
}
# Milliseconds from $1 (ns since the epoch) until discovery at $2 answers 200, trusting CA $3; pid $4 must live.
wait_ready() {
  until [[ -f $3 ]] && curl -sf -o /dev/null --cacert "$3" "$2/.well-known/openid-configuration"; do
    kill -0 "$4" 2>/dev/null || { log "server exited; logs in $work"; cat "$work"/*.log >&2; exit 1; }
    sleep 0.01
  done
  echo $((($(date +%s%N) - $1) / 1000000))
}
stop_pid() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }
rss() { awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

log "first Gatehouse start: creates the database, CA and keys, applies the seed"
t0=$(date +%s%N); start_gatehouse --seed "$work/gatehouse-seed.json"
first_start_ms=$(wait_ready "$t0" "$gatehouse_issuer" "$gatehouse_ca" "$gatehouse_pid")
stop_pid "$gatehouse_pid"
# Cold start on a warm data directory (a restart): process start → first 200 on discovery. Without --seed: the
# org is already there, and re-applying a 1,000-user seed is a deployment step, not start-up.
t0=$(date +%s%N); start_gatehouse
gatehouse_cold_ms=$(wait_ready "$t0" "$gatehouse_issuer" "$gatehouse_ca" "$gatehouse_pid")
gatehouse_pids=$gatehouse_pid
if ((nodes == 2)); then
  t0=$(date +%s%N); start_gatehouse_node2
  gatehouse2_cold_ms=$(wait_ready "$t0" "https://127.0.0.1:$((gatehouse_port + 1))/oauth2/default" "$gatehouse_ca" "$gatehouse2_pid")
  gatehouse_pids=$gatehouse_pid,$gatehouse2_pid
  log "node 2 cold start: $gatehouse2_cold_ms ms"
fi
t0=$(date +%s%N); start_peer
peer_cold_ms=$(wait_ready "$t0" "https://127.0.0.1:$peer_port" "$work/ca.pem" "$peer_pid")
sleep 3
gatehouse_idle_mb=$(rss "$gatehouse_pid" VmRSS); peer_idle_mb=$(rss "$peer_pid" VmRSS)
log "cold start: Gatehouse $gatehouse_cold_ms ms (first start $first_start_ms ms), peer $peer_cold_ms ms; idle RSS $gatehouse_idle_mb / $peer_idle_mb MB"

hash_ms=$(driver hash-time)
log "one PBKDF2-HMAC-SHA512 (100,000 iterations) hash: $hash_ms ms; $(nproc) cores"

run_one() { # target round scenario
  local issuer ca pid extra=()
  if [[ $1 == gatehouse ]]; then issuer=$gatehouse_issuer ca=$gatehouse_ca pid=$gatehouse_pids extra=("${database_args[@]}" "${node_args[@]}")
  else issuer=https://127.0.0.1:$peer_port ca=$work/ca.pem pid=$peer_pid; fi
  driver run --issuer "$issuer" --ca-file "$ca" --server-pid "$pid" --clk-tck "$clk_tck" --label "$1" "${extra[@]}" \
    --scenarios "$3" --duration "$duration" --warmup "$warmup" --concurrency "$concurrency" --users "$users" \
    --output "$work/runs/$1-$2-${3//+/_}.json" || log "$1 $3 round $2 had errors (see the JSON)"
}
IFS=, read -ra scenario_list <<<"$scenarios"
for ((round = 1; round <= rounds; round++)); do
  for scenario in "${scenario_list[@]}"; do
    # Interleaved, and the order alternates between rounds so neither always runs on a warmer machine.
    if ((round % 2)); then order=(gatehouse peer); else order=(peer gatehouse); fi
    for target in "${order[@]}"; do run_one "$target" "$round" "$scenario"; done
  done
done

# The default run keeps its name; other stores and node counts say which they are.
if [[ $store == sqlite && $nodes == 1 ]]; then result=bench/results/$stamp.json; else result=bench/results/$stamp-$store-x$nodes.json; fi
node bench/summarize.mjs "$work/runs" >"$result" <<JSON
{ "machine": { "cores": $(nproc), "cpu": "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)", "memoryMb": $(awk '/MemTotal/ {printf "%d", $2/1024}' /proc/meminfo) },
  "settings": { "durationSeconds": $duration, "warmupSeconds": $warmup, "concurrency": $concurrency, "rounds": $rounds, "users": $users, "store": "$store", "nodes": $nodes },
  "hashMs": $hash_ms, "hashBoundSignInsPerSecond": $(awk -v c="$(nproc)" -v h="$hash_ms" 'BEGIN { printf "%.1f", c * 1000 / h }'),
  "coldStartMs": { "gatehouse": $gatehouse_cold_ms, "gatehouseFirstStart": $first_start_ms, "peer": $peer_cold_ms },
  "idleRssMb": { "gatehouse": $gatehouse_idle_mb, "peer": $peer_idle_mb },
  "peakRssMb": { "gatehouse": $(rss "$gatehouse_pid" VmHWM), "peer": $(rss "$peer_pid" VmHWM) }$(
    if ((nodes == 2)); then printf ',\n  "node2": { "coldStartMs": %s, "peakRssMb": %s }' "$gatehouse2_cold_ms" "$(rss "$gatehouse2_pid" VmHWM)"; fi) }
JSON
log "results: $result"
