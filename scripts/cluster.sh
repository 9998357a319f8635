#!/usr/bin/env bash
# A local three-node InteractionEngine cluster on 127.0.0.1 sharing one PostgreSQL (see docs/operations.md, "Several nodes").
#
#   scripts/cluster.sh                       # node 1 starts the embedded PostgreSQL (.data/postgres), nodes 2 and 3 use it
#   IE_POSTGRES="Host=…;Username=…;Database=ie" scripts/cluster.sh   # all three on that server instead
#   IE_NODES=5 scripts/cluster.sh            # more nodes (HTTP 5081.., Akka 4061..)
#   IE_CONFIGURATION=Debug scripts/cluster.sh  # the Debug build (Release by default)
#
# Node n serves HTTP on 127.0.0.1:508n and Akka on 127.0.0.1:406n; logs go to .data/cluster/node-n.log. Every node
# lists the same seed nodes (all of them, in the same order), so a restarted first node joins the running cluster
# instead of forming a second one. Ctrl+C stops the nodes (SIGTERM: each leaves the cluster and hands its
# conversations over), the last one stopping the embedded PostgreSQL.
# Try a failover: kill -9 "$(cat .data/cluster/node-2.pid)" and watch the others carry on (docs/reliability.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodes="${IE_NODES:-3}"
logs="$root/.data/cluster"
mkdir -p "$logs"

configuration="${IE_CONFIGURATION:-Release}"
dotnet build "$root/src/InteractionEngine.Host/InteractionEngine.Host.csproj" -c "$configuration" -nologo -v q
dll="$root/src/InteractionEngine.Host/bin/$configuration/net10.0/InteractionEngine.Host.dll"

seeds=()
for i in $(seq 1 "$nodes"); do seeds+=("akka.tcp://interaction-engine@127.0.0.1:$((4060 + i))"); done

pids=()
stop() {
  trap - INT TERM EXIT
  # Reverse order: node 1 owns the embedded PostgreSQL and stops it when it stops, so it goes last.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    timeout 60 tail --pid="${pids[$i]}" -f /dev/null || kill -KILL "${pids[$i]}" 2>/dev/null || true
  done
}
trap stop INT TERM EXIT

wait_ready() { # port pid
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "node on :$1 exited, see its log" >&2; return 1; }
    sleep 0.5
  done
  echo "node on :$1 not ready after 120 s" >&2; return 1
}

start() { # n connection-string
  local n=$1
  local env=("Urls=http://127.0.0.1:$((5080 + n))" "Akka__Hostname=127.0.0.1" "Akka__Port=$((4060 + n))")
  for i in "${!seeds[@]}"; do env+=("Akka__SeedNodes__$i=${seeds[$i]}"); done
  [ -n "$2" ] && env+=("ConnectionStrings__Postgres=$2")
  (cd "$(dirname "$dll")" && exec env "${env[@]}" dotnet "$dll") >"$logs/node-$n.log" 2>&1 &
  pids+=($!)
  echo $! >"$logs/node-$n.pid"
  echo "node $n: http://127.0.0.1:$((5080 + n)) (Akka 127.0.0.1:$((4060 + n)), pid $!, log $logs/node-$n.log)"
}

db="${IE_POSTGRES:-}"
start 1 "$db"
wait_ready 5081 "${pids[0]}"
if [ -z "$db" ]; then
  # The embedded server node 1 started: its port is line 4 of postmaster.pid.
  data="$root/.data/postgres"
  db="Host=127.0.0.1;Port=$(sed -n 4p "$data/postmaster.pid");Username=postgres;Database=interaction_engine"
fi
for n in $(seq 2 "$nodes"); do start "$n" "$db"; done
for n in $(seq 2 "$nodes"); do wait_ready $((5080 + n)) "${pids[$((n - 1))]}"; done
curl -s "http://127.0.0.1:5081/health/ready" | grep -o '"members":[0-9]*' | sed 's/^/cluster: /'
echo "all $nodes nodes ready; Ctrl+C stops them"
wait
