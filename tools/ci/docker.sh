#!/usr/bin/env bash
# Makes a Docker engine available on this machine and builds this repository's image, offline:
#   1. installs docker.io and debootstrap from Debian's mirror if they are missing;
#   2. starts dockerd in the background if no engine answers (log: $REGRESSION_DOCKERD_LOG);
#   3. builds a minimal Debian bookworm base image with debootstrap and `docker import`s it,
#      unless an image with that tag exists (no image registry is reachable here);
#   4. publishes tools/Regression.Cli self-contained for linux-x64 (the runtime packs restore
#      from NuGet, so the image needs no .NET install) and builds docker/Dockerfile on the base.
# Idempotent, quiet on success; on failure prints what failed and the tail of its log.
# Environment (all optional):
#   REGRESSION_IMAGE        the image to build             (default regression-suite:local)
#   REGRESSION_BASE_IMAGE   the debootstrap base image      (default regression-base:bookworm)
#   REGRESSION_DEBIAN_MIRROR  the mirror debootstrap uses   (default: the one apt uses)
#   REGRESSION_DOCKERD_LOG  dockerd's log                   (default /tmp/regression-dockerd.log)
#   REGRESSION_DOCKER_TIMES=true  print how long each step took
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
image="${REGRESSION_IMAGE:-regression-suite:local}"
base_image="${REGRESSION_BASE_IMAGE:-regression-base:bookworm}"
dockerd_log="${REGRESSION_DOCKERD_LOG:-/tmp/regression-dockerd.log}"
work="${TMPDIR:-/tmp}/regression-docker"
# Bookworm's docker.io is Engine 20.10 (API 1.41); newer clients on the PATH must not ask for more.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
# The legacy builder: Engine 20.10 has no buildx plugin in Debian, and the Dockerfile needs nothing more.
export DOCKER_BUILDKIT=0
# How long dockerd may take to answer after its start (seconds); it takes 1-3 s on this machine.
daemon_timeout=60
# What the self-contained app needs from Debian beyond minbase: ICU for globalization, OpenSSL for
# System.Security.Cryptography, CA certificates for HTTPS; socat publishes the simulator's port
# (docker/entrypoint.sh explains why).
base_packages="libicu72,libssl3,ca-certificates,socat"

mkdir -p "$work"
step_log="$work/step.log"

fail() {
  echo "docker.sh: $1" >&2
  if [ -s "$step_log" ]; then
    echo "--- last lines of $step_log ---" >&2
    tail -n 30 "$step_log" >&2
  fi
  exit 1
}

# Runs "$@" with its output in $step_log; fails with the step's name and the log's tail.
run_step() {
  local name="$1"
  shift
  local started=$SECONDS status=0
  # A subshell with errexit of its own: in an `|| fail` list bash would ignore errexit inside
  # the step's function, and a failed command in the middle of a step would go unnoticed.
  set +e
  (set -e; "$@") >"$step_log" 2>&1
  status=$?
  set -e
  [ "$status" -eq 0 ] || fail "$name failed (exit $status)"
  if [ "${REGRESSION_DOCKER_TIMES:-}" = "true" ]; then
    echo "docker.sh: $name took $((SECONDS - started)) s" >&2
  fi
}

install_packages() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap
}

engine_answers() {
  docker version >/dev/null 2>&1
}

start_engine() {
  # A dockerd that was killed leaves its pid file, and a killed process can linger as a zombie
  # that nobody reaps; either way the new dockerd would refuse to start.
  local pidfile=/var/run/docker.pid
  if [ -f "$pidfile" ]; then
    local state
    state="$(awk '/^State:/ { print $2 }' "/proc/$(cat "$pidfile")/status" 2>/dev/null || true)"
    if [ -z "$state" ] || [ "$state" = "Z" ]; then
      rm -f "$pidfile"
    fi
  fi
  # setsid: the engine outlives this script (and its session's process group).
  setsid dockerd >"$dockerd_log" 2>&1 </dev/null &
  local deadline=$((SECONDS + daemon_timeout))
  until engine_answers; do
    if [ $SECONDS -ge $deadline ]; then
      echo "dockerd did not answer within ${daemon_timeout} s; see $dockerd_log"
      tail -n 20 "$dockerd_log"
      return 1
    fi
    sleep 1
  done
}

# The Debian mirror apt uses (deb822 URIs: lines or one-line deb entries), for bookworm's main suite.
debian_mirror() {
  if [ -n "${REGRESSION_DEBIAN_MIRROR:-}" ]; then
    echo "$REGRESSION_DEBIAN_MIRROR"
    return
  fi
  local mirror
  mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ { print $2 } /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' \
    | grep -v -e security -e nodesource -e google | grep '/debian/\?$' | head -n 1 || true)"
  echo "${mirror:-http://deb.debian.org/debian}"
}

build_base() {
  local rootfs="$work/rootfs"
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include="$base_packages" bookworm "$rootfs" "$(debian_mirror)"
  # The image needs no package lists, caches or docs.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$base_image"
  rm -rf "$rootfs"
}

publish_app() {
  local context="$work/context"
  rm -rf "$context"
  mkdir -p "$context"
  dotnet publish "$root/tools/Regression.Cli/Regression.Cli.csproj" \
    --configuration Release --runtime linux-x64 --self-contained true \
    --artifacts-path "$work/artifacts" --output "$context/app"
  cp "$root/testsettings.json" "$context/app/"
  cp "$root/docker/entrypoint.sh" "$context/"
  cp "$root/docker/Dockerfile" "$context/"
}

build_image() {
  docker build --quiet --build-arg "BASE_IMAGE=$base_image" --tag "$image" "$work/context"
}

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  run_step "installing docker.io and debootstrap" install_packages
fi

if ! engine_answers; then
  run_step "starting dockerd" start_engine
fi

if ! docker image inspect "$base_image" >/dev/null 2>&1; then
  run_step "building the base image $base_image with debootstrap" build_base
fi

run_step "publishing tools/Regression.Cli" publish_app
run_step "building $image" build_image
