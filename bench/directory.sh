#!/usr/bin/env bash
# The directory benchmarks (issue 5 item 10, issue 6 "1,000,000 users"): grows a Gatehouse store by bulk insert
# (bench/UserDirectory) and measures, one request at a time, GET /api/v1/users?limit=200 (first page), a
# search (profile.lastName eq "…") and a q= prefix query (target: p50 < 20 ms per page), and the sign-in at
# 1,000 users and at the final size (target: p50 within 1.1×). Results: bench/results/directory-<UTC time>.json.
#   DIRECTORY_USERS (100000; 1000000 for the sign-in-at-scale target)  BENCH_DURATION (s, 10)  BENCH_PORT (18444)
#   BENCH_WARMUP (s per scenario, 2; the first scenario after a start runs partly on unoptimized JIT code)
#   DIRECTORY_SIGNIN (1: also measure sign-in at 1,000 users and at DIRECTORY_USERS, concurrency BENCH_CONCURRENCY=16)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${DIRECTORY_USERS:-100000}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-2}
concurrency=${BENCH_CONCURRENCY:-16}
port=${BENCH_PORT:-18444}
signin=${DIRECTORY_SIGNIN:-1}
work=$(mktemp -d /tmp/gatehouse-directory.XXXXXX)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results "$work/runs"
log() { printf '[directory %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
pid=
cleanup() { [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Gatehouse.Server -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build bench/LoadDriver -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build bench/UserDirectory -c Release -v quiet -nologo -clp:ErrorsOnly
driver() { dotnet bench/LoadDriver/bin/Release/net10.0/Gatehouse.Bench.LoadDriver.dll "$@"; }
export GATEHOUSE__RATELIMITS__ENABLED=false Logging__LogLevel__Default=Warning
issuer=https://127.0.0.1:$port/oauth2/default
ca=$work/gatehouse/tls/ca.pem
start() {
  src/Gatehouse.Server/bin/Release/net10.0/gatehouse serve --data-dir "$work/gatehouse" --urls "https://127.0.0.1:$port" "$@" >>"$work/gatehouse.log" 2>&1 &
  pid=$!
  until [[ -f $ca ]] && curl -sf -o /dev/null --cacert "$ca" "$issuer/.well-known/openid-configuration"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/gatehouse.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
measure() { # name users scenarios concurrency
  driver run --issuer "$issuer" --ca-file "$ca" --server-pid "$pid" --label "$1" --users "$2" --scenarios "$3" \
    --concurrency "$4" --duration "$duration" --warmup "$warmup" --api-token 00Tbench-api-token-0123456789abcdefghijk \
    --output "$work/runs/$1.json"
}

driver seed --out "$work" --users 1000
start --seed "$work/gatehouse-seed.json"
if ((signin)); then measure signin-1000 1000 signin "$concurrency"; fi
stop
log "growing the store to $target users"
dotnet bench/UserDirectory/bin/Release/net10.0/Gatehouse.Bench.UserDirectory.dll --db "$work/gatehouse/gatehouse.db" --to "$target"
start
# One request at a time: the latency of one page, not the server's throughput.
measure "users-$target" "$target" users-list,users-search,users-q 1
if ((signin)); then measure "signin-$target" "$target" signin "$concurrency"; fi
stop
node -e 'const fs=require("fs"),d=process.argv[1];console.log(JSON.stringify(fs.readdirSync(d).flatMap(f=>JSON.parse(fs.readFileSync(d+"/"+f))),null,2))' "$work/runs" \
  >"bench/results/directory-$stamp.json"
log "results: bench/results/directory-$stamp.json"
