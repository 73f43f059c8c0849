#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite's PostgreSQL run (test.sh): `start DIR` initialises a cluster in
# DIR (owned by the postgres user, trust authentication on 127.0.0.1 only, durability off: the data is thrown away),
# starts it on a free port and prints the connection string for GATEHOUSE_TEST_POSTGRES; `stop DIR` stops it and
# removes DIR. Installs Debian's postgresql when it is missing. POSTGRES_CLUSTER_DURABLE=1 keeps PostgreSQL's durable
# defaults (fsync, synchronous_commit, full_page_writes on) — for bench/run.sh, which measures what production pays.
set -euo pipefail
action=$1 dir=$2
as_postgres() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

if [[ $action == stop ]]; then
  if [[ -f $dir/.bin && -d $dir/data ]]; then
    as_postgres "$(cat "$dir/.bin")/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null || true
  fi
  as_root rm -rf "$dir"
  exit 0
fi

if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
  echo "Installing postgresql (apt-get)..." >&2
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

mkdir -p "$dir"
echo "$bin" > "$dir/.bin"
as_root chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A reject --auth-host=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log"
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[[ ${POSTGRES_CLUSTER_DURABLE:-0} == 1 ]] && durability=
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=400" \
  start > /dev/null
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
