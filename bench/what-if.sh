#!/usr/bin/env bash
# What the durable writes of a token request cost (issue 6, docs/performance.md "What the durable writes cost").
# Builds this commit twice — as it is, and with bench/what-if/durable-writes.patch, which adds environment switches
# that write the System Log behind the response (batched every 10 ms, as ADR 0013 part 2 proposes), skip it, or skip
# the refresh token's sliding-expiry UPDATE (access tokens have no entry since ADR 0013 part 1; the run before it had
# a switch for that entry) — then
# measures client-credentials, refresh and userinfo on one data directory, alternating the variants, ROUNDS times.
# An experiment, never a product setting: the patch is applied only in a throwaway worktree, and the switches exist
# only in that build. Takes about 6 minutes per round on 2 cores; needs a quiet machine, like bench/run.sh.
#   bench/what-if.sh [ROUNDS=2]     BENCH_DURATION (s, 10)  BENCH_CONCURRENCY (16)  BENCH_USERS (1000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${1:-2}
duration=${BENCH_DURATION:-10}
concurrency=${BENCH_CONCURRENCY:-16}
users=${BENCH_USERS:-1000}
port=${BENCH_GATEHOUSE_PORT:-18443}
clk_tck=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/gatehouse-what-if.XXXXXX)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log() { printf '[what-if %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
server_pid=
cleanup() {
  [[ -n $server_pid ]] && { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  git -C "$root" worktree remove --force "$work/patched-src" 2>/dev/null || true
  if [[ -n ${WHAT_IF_KEEP:-} ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT

log "building this commit and the patched copy (Release, ReadyToRun, as bench/run.sh)"
publish() { dotnet publish "$1/src/Gatehouse.Server" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$2" -v quiet -nologo -clp:ErrorsOnly; }
git worktree add --detach -q "$work/patched-src" HEAD
git -C "$work/patched-src" apply "$root/bench/what-if/durable-writes.patch"
publish "$root" "$work/as-is"
publish "$work/patched-src" "$work/patched"
dotnet build bench/LoadDriver -c Release -v quiet -nologo -clp:ErrorsOnly
driver() { dotnet bench/LoadDriver/bin/Release/net10.0/Gatehouse.Bench.LoadDriver.dll "$@"; }
driver seed --out "$work" --users "$users"

export GATEHOUSE__RATELIMITS__ENABLED=false Logging__LogLevel__Default=Warning
issuer=https://127.0.0.1:$port/oauth2/default
ca=$work/data/tls/ca.pem
start() { # build [NAME=value switches...] [-- serve args...]
  local bin=$1 switches=() args=(); shift
  while (($#)) && [[ $1 != -- ]]; do switches+=("$1"); shift; done
  (($#)) && shift && args=("$@")
  env "${switches[@]}" "$work/$bin/gatehouse" serve --data-dir "$work/data" --urls "https://127.0.0.1:$port" "${args[@]}" \
    >>"$work/gatehouse.log" 2>&1 &
  server_pid=$! # env execs the server: same pid
  until [[ -f $ca ]] && curl -sf -o /dev/null --cacert "$ca" "$issuer/.well-known/openid-configuration"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/gatehouse.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop() { kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }
start as-is -- --seed "$work/gatehouse-seed.json"; stop

# name | build | switches
variants=(
  "as-is|as-is|"
  "System Log written behind the response|patched|EXP_SYSLOG_BEHIND=1"
  "no System Log write|patched|EXP_NO_SYSLOG=1"
  "no System Log write, no sliding update|patched|EXP_NO_SYSLOG=1 EXP_NO_SLIDE=1"
)
scenarios=(client-credentials refresh userinfo)
mkdir -p "$work/runs" bench/results
for ((round = 1; round <= rounds; round++)); do
  for index in "${!variants[@]}"; do
    IFS='|' read -r name build switches <<<"${variants[$index]}"
    log "round $round: $name"
    read -ra switch_words <<<"$switches"
    start "$build" "${switch_words[@]}"
    for scenario in "${scenarios[@]}"; do # JIT warm-up of every path before measuring any
      driver run --issuer "$issuer" --ca-file "$ca" --server-pid "$server_pid" --clk-tck "$clk_tck" --label warm \
        --scenarios "$scenario" --duration 4 --warmup 1 --concurrency "$concurrency" --users "$users" --output "$work/warm.json" >/dev/null 2>&1 || true
    done
    for scenario in "${scenarios[@]}"; do
      driver run --issuer "$issuer" --ca-file "$ca" --server-pid "$server_pid" --clk-tck "$clk_tck" --label "$name" \
        --scenarios "$scenario" --duration "$duration" --warmup 2 --concurrency "$concurrency" --users "$users" \
        --output "$work/runs/$index-$round-$scenario.json" 2>&1 | grep 'ops/s' >&2 || log "$name $scenario round $round had errors (see the JSON)"
    done
    stop
  done
done
result=bench/results/what-if-$stamp.json
names=(); for variant in "${variants[@]}"; do names+=("${variant%%|*}"); done
node bench/what-if/summarize.mjs "$work/runs" "${names[@]}" >"$result"
log "results: $result"
