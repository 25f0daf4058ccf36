#!/usr/bin/env bash
# A Switchboard cluster on this machine, loopback only: PostgreSQL, 3 silos and 2 gateways.
#
#   deploy/local-cluster.sh start [DIR]   build, start PostgreSQL, apply the schema, start the processes
#   deploy/local-cluster.sh stop [DIR]    stop the processes started here, then PostgreSQL (and remove DIR)
#   deploy/local-cluster.sh commands      print each process's name and `dotnet` arguments, start nothing
#
# DIR (default /tmp/switchboard-cluster) holds PostgreSQL's data, the process ids and one log per process.
# Gateways serve gRPC on 127.0.0.1:5001 and :5002, the dashboard and desk on http://127.0.0.1:5081 and :5082; silos answer gRPC health checks on :5101..5103 and use
# Orleans ports 11111..11113 (silo) and 30001..30003 (gateway). SILOS and GATEWAYS change the counts.
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-}
dir=${2:-/tmp/switchboard-cluster}
silos=${SILOS:-3}
gateways=${GATEWAYS:-2}

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 120); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "$name did not open port $port within 60 s; see $dir/logs/$name.log" >&2
  return 1
}

launch() {
  local name=$1
  shift
  nohup dotnet "$@" >"$dir/logs/$name.log" 2>&1 &
  echo "$! $name" >>"$dir/pids"
}

# The processes of the cluster, one line each: name, then the arguments after `dotnet`. `start` runs exactly
# these; `commands` prints them (the deploy tests compare them with the images' commands and settings).
processes() {
  local kind=$1 connection=$2 i
  local storage="--Switchboard:Storage:Kind=postgres --Switchboard:Storage:ConnectionString=$connection"
  if [ "$kind" = silo ]; then
    for i in $(seq 1 "$silos"); do
      echo "silo-$i Silo/bin/Release/net10.0/Switchboard.Silo.dll --mode silo $storage" \
        "--Switchboard:ListenAddress=127.0.0.1 --Switchboard:AdvertisedAddress=127.0.0.1" \
        "--Switchboard:SiloPort=$((11110 + i)) --Switchboard:OrleansGatewayPort=$((30000 + i)) --Switchboard:GrpcPort=$((5100 + i))"
    done
  else
    for i in $(seq 1 "$gateways"); do
      echo "gateway-$i Gateway/bin/Release/net10.0/Switchboard.Gateway.dll $storage" \
        "--Switchboard:ListenAddress=127.0.0.1 --Switchboard:GrpcPort=$((5000 + i)) --Switchboard:WebPort=$((5080 + i))"
    done
  fi
}

# Starts one kind's processes and waits for each one's gRPC port.
launch_all() {
  local kind=$1 name args port
  while read -r name args; do
    launch "$name" $args
  done < <(processes "$kind" "$SWITCHBOARD_POSTGRES")
  while read -r name args; do
    port=${args##*--Switchboard:GrpcPort=}
    wait_for_port "${port%% *}" "$name"
  done < <(processes "$kind" "$SWITCHBOARD_POSTGRES")
}

start() {
  mkdir -p "$dir/logs"
  dotnet build Silo/Switchboard.Silo.csproj -c Release --nologo -v quiet
  deploy/postgres-local.sh start "$dir/postgres"
  eval "$(deploy/postgres-local.sh env "$dir/postgres")"
  deploy/apply-schema.sh "$SWITCHBOARD_POSTGRES"
  launch_all silo
  launch_all gateway
  echo "cluster up: gateways on 127.0.0.1:$(seq -s ',:' 5001 $((5000 + gateways))) (gRPC)" \
    "and http://127.0.0.1:$(seq -s ',:' 5081 $((5080 + gateways))) (dashboard, desk), $silos silos; logs in $dir/logs"
  echo "stop it with: $0 stop $dir"
}

stop() {
  if [ -f "$dir/pids" ]; then
    # Gateways first, then silos, each with SIGTERM (a graceful Orleans shutdown) and a bounded wait.
    tac "$dir/pids" | while read -r pid name; do
      kill "$pid" 2>/dev/null && echo "stopping $name ($pid)" || true
    done
    while read -r pid _; do
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    done <"$dir/pids"
    rm -f "$dir/pids"
  fi
  deploy/postgres-local.sh stop "$dir/postgres"
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  commands)
    processes silo "${SWITCHBOARD_POSTGRES:-CONNECTION_STRING}"
    processes gateway "${SWITCHBOARD_POSTGRES:-CONNECTION_STRING}"
    ;;
  *) echo "usage: $0 start|stop|commands [DIR]" >&2; exit 2 ;;
esac
