#!/usr/bin/env bash
# Stop the dockerd that tools/test-engine/up.sh started, and only that one.
#
# An engine that was already running when up.sh ran (systemd's, Docker
# Desktop's, CI's) is never touched: up.sh records a pid only when it launched
# dockerd itself, and this script checks that the recorded pid still is that
# same process before signalling it.
#
# Usage: tools/test-engine/down.sh [--force]
#   --force  SIGKILL dockerd if it has not exited after the grace period.
set -euo pipefail

if [[ $(id -u) -eq 0 ]]; then
  STATE_DIR="${ORCAOPS_TEST_ENGINE_STATE:-/run/orcaops-test-engine}"
else
  STATE_DIR="${ORCAOPS_TEST_ENGINE_STATE:-${TMPDIR:-/tmp}/orcaops-test-engine}"
fi
STARTED_FILE="$STATE_DIR/dockerd.started"
# dockerd gives running containers their stop timeout (10 s by default) before
# it exits, so allow a little more than that.
GRACE="${ORCAOPS_DOCKERD_STOP_TIMEOUT:-40}"

FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "down.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { echo "[test-engine] $*" >&2; }

if [[ ! -f "$STARTED_FILE" ]]; then
  log "no dockerd started by up.sh is recorded ($STARTED_FILE); nothing to stop"
  exit 0
fi

read -r pid recorded_start <"$STARTED_FILE" || true

alive_same_process() {
  [[ -r "/proc/$pid/stat" ]] || return 1
  local rest state start
  # comm (field 2) may contain spaces; parse from after the closing ')'.
  rest="$(sed -E 's/^.*\) //' "/proc/$pid/stat")"
  state="$(awk '{print $1}' <<<"$rest")"
  start="$(awk '{print $20}' <<<"$rest")"
  [[ "$state" != Z ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] || return 1
  # Same pid but a different start time means the pid was recycled.
  [[ -z "${recorded_start:-}" || "$start" == "$recorded_start" ]]
}

if [[ -z "${pid:-}" ]] || ! alive_same_process; then
  log "recorded dockerd (pid ${pid:-?}) is no longer running (exited, or the pid now belongs to another process); clearing the record"
  rm -f "$STARTED_FILE"
  exit 0
fi

log "stopping dockerd pid $pid (SIGTERM)"
kill -TERM "$pid"
deadline=$((SECONDS + GRACE))
while alive_same_process && (( SECONDS < deadline )); do
  sleep 0.5
done

if alive_same_process; then
  if (( FORCE == 1 )); then
    log "dockerd still running after ${GRACE}s; sending SIGKILL"
    kill -KILL "$pid" || true
    # A SIGKILLed dockerd cannot remove its own pid file; up.sh would clean it
    # up, but doing it here keeps plain `dockerd` starts working too.
    sleep 0.5
    alive_same_process || rm -f /var/run/docker.pid
  else
    log "dockerd pid $pid still running after ${GRACE}s; re-run with --force to SIGKILL it"
    exit 1
  fi
fi

rm -f "$STARTED_FILE"
log "dockerd stopped"
