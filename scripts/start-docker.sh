#!/usr/bin/env bash
# Start a Docker engine in the background when none answers, and wait for it.
# Used by .ci/run and by the live tests (tests/helpers/docker.ts). Idempotent:
# exits 0 at once when `docker info` already works.
#
# Exit codes: 0 engine answers; 1 it did not come up (log tail printed);
# 2 cannot try (no dockerd binary, or not root).
set -euo pipefail

WAIT_SECONDS="${DOCKER_START_TIMEOUT:-60}"
LOG="${DOCKERD_LOG:-${TMPDIR:-/tmp}/migrate-wizard-dockerd.log}"

engine_up() { timeout 5 docker info >/dev/null 2>&1; }

if engine_up; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "start-docker: dockerd is not installed (apt-get install -y docker.io)" >&2
  exit 2
fi
if ! command -v docker >/dev/null 2>&1; then
  echo "start-docker: the docker client is not installed (apt-get install -y docker.io)" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "start-docker: not root, so dockerd cannot be started here; start it yourself (sudo dockerd &)" >&2
  exit 2
fi

# A dockerd that is still starting (e.g. a parallel test worker launched it) owns the
# pid file; wait for it instead of starting a second one that would fail on the lock.
start_dockerd() {
  echo "start-docker: starting dockerd${*:+ $*} (log: $LOG)" >&2
  # setsid + nohup: the daemon outlives the test run or CI step that started it.
  setsid nohup dockerd "$@" >>"$LOG" 2>&1 </dev/null &
}

wait_engine() {
  for _ in $(seq 1 $((WAIT_SECONDS * 4))); do
    if engine_up; then
      echo "start-docker: engine is up" >&2
      return 0
    fi
    # The daemon exited (bad storage driver, no iptables, ...): stop waiting.
    pgrep -x dockerd >/dev/null 2>&1 || return 1
    sleep 0.25
  done
  return 1
}

if ! pgrep -x dockerd >/dev/null 2>&1; then
  : >"$LOG"
  start_dockerd
  sleep 0.25
fi
if wait_engine; then exit 0; fi

# Inside some containers overlay2-on-overlay or iptables are not available; the slower
# vfs driver without iptables still runs the fixtures (they publish ports via docker-proxy).
if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "start-docker: dockerd exited; last lines of $LOG:" >&2
  tail -n 15 "$LOG" >&2 2>/dev/null || true
  start_dockerd --storage-driver=vfs --iptables=false
  sleep 0.25
  if wait_engine; then exit 0; fi
fi

echo "start-docker: no engine came up (dockerd exited, or did not answer within ${WAIT_SECONDS}s); last lines of $LOG:" >&2
tail -n 30 "$LOG" >&2 2>/dev/null || true
exit 1
