#!/bin/bash
# The image's entry point: the `regression` CLI, with every argument passed through
# (`docker run IMAGE simulate --case MultiLora`, `docker run IMAGE kubernetes-pod`, ...).
#
# One mode is added here, `vllm`: one simulated vLLM replica on a fixed port of every interface,
# standing in for a vLLM pod (the role llm-d-inference-sim plays):
#   vllm --model NAME [--max-loras N] [--port 8000] [--lora-modules '{"name": "a"}' '{"name": "b"}' ...]
# (the argument forms of vLLM and llm-d-inference-sim, so one pod spec fits either image).
# The simulator's hosts bind 127.0.0.1 with an OS-chosen port (Regression.Simulation.Hosting
# has no listen option yet), so this mode runs `regression simulate` with one replica, reads the
# replica's address from its output, and publishes it on 0.0.0.0:PORT with socat. The replica
# loads the adapters itself, so no LoRA syncer sidecar is needed.
set -euo pipefail
app=/opt/regression/regression

if [ "${1:-}" != "vllm" ]; then
  exec "$app" "$@"
fi
shift

model=""
adapters=""
max_loras=""
port=8000
# How long the simulator may take to print its replica's address (seconds).
start_timeout=60

while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="${2:?--model needs a value}"; shift 2 ;;
    --lora-modules)
      # One JSON object per adapter, as llm-d-inference-sim takes them; only "name" matters here.
      shift
      while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
        name="$(printf '%s' "$1" | sed -n 's/.*"name" *: *"\([^"]*\)".*/\1/p')"
        if [ -z "$name" ]; then
          echo "vllm: --lora-modules entry '$1' has no \"name\"" >&2
          exit 2
        fi
        adapters="${adapters:+$adapters,}$name"
        shift
      done
      ;;
    --max-loras) max_loras="${2:?--max-loras needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    *) echo "vllm: unknown argument '$1' (expected --model, --max-loras, --port, --lora-modules)" >&2; exit 2 ;;
  esac
done
if [ -z "$model" ]; then
  echo "vllm: --model is required" >&2
  exit 2
fi
case "$port" in
  '' | *[!0-9]*) echo "vllm: --port = '$port': expected a TCP port number" >&2; exit 2 ;;
esac

case "$max_loras" in
  *[!0-9]*) echo "vllm: --max-loras = '$max_loras': expected a whole number" >&2; exit 2 ;;
esac

# The replica serves the case's base model and registers its other models as adapters. The case
# goes into a settings file of its own: a REGRESSION__ override of a list does not replace the
# list that the image's testsettings.json sets.
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}
models="$(json_string "$model")"
for adapter in ${adapters//,/ }; do
  models="$models, $(json_string "$adapter")"
done
settings="$(mktemp --suffix=.json)"
printf '{ "Cases": { "SingleWorkload": { "BaseModel": %s, "Models": [ %s ], "TrafficSplit": [] %s } } }\n' \
  "$(json_string "$model")" "$models" "${max_loras:+, \"MaxLoras\": $max_loras}" >"$settings"

log="$(mktemp)"
"$app" simulate --case SingleWorkload --replicas 1 --settings "$settings" >"$log" 2>&1 &
simulator=$!
tail -n +1 -f "$log" &
follower=$!
forwarder=""

# The CLI does not always end on SIGTERM inside a container (a pod's stop signal), so it gets a
# short grace period and then SIGKILL: the simulator keeps nothing that needs flushing.
stop_grace_tenths=50
stop() {
  kill -TERM "$simulator" ${forwarder:+"$forwarder"} 2>/dev/null || true
  local waited=0
  while kill -0 "$simulator" 2>/dev/null && [ $waited -lt $stop_grace_tenths ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$simulator" 2>/dev/null || true
}
trap stop TERM INT

# `simulate` prints one line per replica: "replica-0 http://127.0.0.1:PORT/   metrics ...".
target=""
deadline=$((SECONDS + start_timeout))
while [ -z "$target" ]; do
  if ! kill -0 "$simulator" 2>/dev/null; then
    wait "$simulator" || status=$?
    kill "$follower" 2>/dev/null || true
    exit "${status:-1}"
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "vllm: the simulator printed no replica address within ${start_timeout} s" >&2
    stop
    exit 1
  fi
  target="$(sed -n 's#^replica-0 *http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -n 1)"
  [ -n "$target" ] || sleep 0.2
done

socat "TCP-LISTEN:$port,fork,reuseaddr" "TCP:127.0.0.1:$target" &
forwarder=$!
echo "vllm: serving $model${adapters:+ with adapters $adapters} on 0.0.0.0:$port"

# Ends when the simulator or the forwarder ends (or on TERM/INT), and takes the other along.
status=0
wait -n "$simulator" "$forwarder" || status=$?
stop
wait "$simulator" "$forwarder" 2>/dev/null || true
kill "$follower" 2>/dev/null || true
exit "$status"
