#!/usr/bin/env bash
# Bring up a Docker engine for OrcaOps tests and build the local test images.
#
# No internet registry is reachable on CI/dev machines, so everything the tests
# need comes from Debian packages plus images imported from a local rootfs.
# Safe to run repeatedly: a second run with everything in place takes well under
# a second and changes nothing.
#
# Usage: tools/test-engine/up.sh [--rebuild]
# See README.md in this directory for the environment variables.
set -euo pipefail

# dockerd lives in /usr/sbin, which is not on PATH for every shell (e.g. sudo
# without -i, some CI runners).
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

IMAGE="${ORCAOPS_TEST_IMAGE:-orcaops-test/busybox:latest}"
SERVICE_IMAGE="${ORCAOPS_TEST_SERVICE_IMAGE:-orcaops-test/service:latest}"
SERVICE_CONTEXT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/service-image"
# dockerd refuses to start while this file names a live process; a killed
# dockerd leaves it behind.
DOCKERD_PIDFILE=/var/run/docker.pid
START_TIMEOUT="${ORCAOPS_DOCKERD_START_TIMEOUT:-30}"
LOG_MARK=""
APT_PACKAGES=(docker.io docker-compose busybox-static docker-registry tmux zsh fish)

if [[ $(id -u) -eq 0 ]]; then
  # /run is a tmpfs: the record of "we started dockerd" must not outlive a reboot,
  # or down.sh could mistake an unrelated process for ours.
  STATE_DIR="${ORCAOPS_TEST_ENGINE_STATE:-/run/orcaops-test-engine}"
  LOG="${ORCAOPS_DOCKERD_LOG:-/var/log/orcaops-dockerd.log}"
else
  STATE_DIR="${ORCAOPS_TEST_ENGINE_STATE:-${TMPDIR:-/tmp}/orcaops-test-engine}"
  LOG="${ORCAOPS_DOCKERD_LOG:-${TMPDIR:-/tmp}/orcaops-dockerd.log}"
fi
STARTED_FILE="$STATE_DIR/dockerd.started"

REBUILD=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "up.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { echo "[test-engine] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [[ $(id -u) -eq 0 ]]; }
is_debian() { have apt-get && have dpkg; }

# A daemon that accepts the connection but never answers would hang `docker info`
# forever, so bound it.
engine_answers() {
  have docker || return 1
  if have timeout; then
    timeout 10 docker info >/dev/null 2>&1
  else
    docker info >/dev/null 2>&1
  fi
}

# Only the default local socket is something we can bring up by starting dockerd;
# a DOCKER_HOST pointing elsewhere (tcp://, ssh://, a private socket) is the
# caller's engine to manage.
docker_host_is_local_default() {
  case "${DOCKER_HOST:-}" in
    ""|unix:///var/run/docker.sock|unix:///run/docker.sock) return 0 ;;
    *) return 1 ;;
  esac
}

# v1 is not executed here: the Python `docker-compose version` costs ~0.4 s,
# which would make the no-op run several times slower.
compose_cli() {
  if have docker-compose; then
    echo "docker-compose ($(command -v docker-compose), v1)"
  elif have docker && docker compose version >/dev/null 2>&1; then
    echo "docker compose (v2 plugin)"
  else
    return 1
  fi
}

# The busybox goes into an otherwise empty rootfs, so it must be statically
# linked. glibc's ldd says "not a dynamic executable" (static) or
# "statically linked" (static-pie).
static_busybox() {
  local c out
  for c in "${ORCAOPS_BUSYBOX:-}" /bin/busybox /usr/bin/busybox "$(command -v busybox 2>/dev/null || true)"; do
    [[ -n "$c" && -x "$c" ]] || continue
    # ldd exits 1 for a static binary, so capture rather than pipe (pipefail).
    out="$(LC_ALL=C ldd "$c" 2>&1 || true)"
    if ! have ldd || grep -qE 'not a dynamic executable|statically linked' <<<"$out"; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

print_install_hint() {
  if is_debian; then
    log "Install the test prerequisites as root:"
    log "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${APT_PACKAGES[*]}"
    log "then re-run $0 as root (it starts dockerd itself)."
  else
    log "Install Docker Engine and make \`docker info\` work, plus docker compose (v1 or v2)"
    log "and a statically linked busybox (or set ORCAOPS_BUSYBOX to one)."
  fi
}

# Someone else (provisioning, unattended-upgrades, another engineer) may be
# running apt right now; running ours concurrently fails on the dpkg lock.
wait_for_apt() {
  local waited=0
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do
    (( waited == 0 )) && log "waiting for another apt/dpkg run to finish..."
    (( waited >= 900 )) && die "apt/dpkg still busy after ${waited}s; try again later"
    sleep 2
    waited=$((waited + 2))
  done
}

apt_install() {
  wait_for_apt
  log "apt-get install $*"
  # Lock::Timeout covers the window between our pgrep check and apt taking the lock.
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
}

# Prints "<state>" from /proc/<pid>/stat ("Z" for a zombie), or nothing if gone.
proc_state() {
  [[ -r "/proc/$1/stat" ]] || return 0
  # comm (field 2) may contain spaces; state is the first field after ')'.
  sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true
}

# Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. With the
# pid it identifies one process, so a recycled pid is not mistaken for ours.
proc_starttime() {
  [[ -r "/proc/$1/stat" ]] || return 0
  sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'
}

proc_alive() {
  local state
  state="$(proc_state "$1")"
  [[ -n "$state" && "$state" != Z ]]
}

proc_is_live_dockerd() {
  local pid="$1" state
  state="$(proc_state "$pid")"
  [[ -n "$state" && "$state" != Z ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]
}

# Removes pid file $1 unless it names a live (non-zombie) process called $2.
remove_stale_pidfile() {
  local file="$1" comm="$2" pid state actual why
  [[ -f "$file" ]] || return 0
  pid="$(tr -dc '0-9' <"$file")"
  state=""; actual=""
  if [[ -n "$pid" ]]; then
    state="$(proc_state "$pid")"
    actual="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  fi
  if [[ -z "$state" ]]; then why="no such process"
  elif [[ "$state" == Z ]]; then why="a zombie"
  elif [[ "$actual" != "$comm" ]]; then why="now '$actual', not $comm"
  else return 0
  fi
  log "removing stale $file (pid ${pid:-?}: $why)"
  rm -f "$file"
}

# Both daemons only check that the pid in their pid file exists (kill -0 is
# true for a zombie too), so after a SIGKILL:
#  - dockerd's own pid file makes the next start fail at once with "pid file
#    found, ensure docker is not running";
#  - the pid file of the containerd that dockerd spawned (killed along with it)
#    makes the next dockerd log "containerd is still running", dial a socket
#    nobody serves and give up after ~15 s with "timeout waiting for containerd
#    to start". Seen here whenever the restart came before PID 1 reaped the
#    zombies.
# Only the default exec-root is handled; a custom --exec-root in
# ORCAOPS_DOCKERD_ARGS keeps its containerd pid file elsewhere.
remove_stale_pidfiles() {
  remove_stale_pidfile "$DOCKERD_PIDFILE" dockerd
  remove_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
}

# The log is shared by successive starts; show only this start's lines.
dump_log_tail() {
  [[ -f "$LOG" ]] || return 0
  log "last lines of $LOG (gRPC connection chatter omitted):"
  awk -v mark="${LOG_MARK:-}" 'mark != "" && $0 == mark { n = 0 } { buf[n++] = $0 } END { for (i = 0; i < n; i++) print buf[i] }' "$LOG" |
    grep -v 'level=info msg="\[core\]' | tail -n 30 >&2 || true
}

# Wait until `docker info` answers; fail early once dockerd has died, rather
# than sit out the whole timeout. The pid we launched may still be setsid for a
# moment (so its comm is not "dockerd" yet), or setsid may have forked, so
# "alive" means: that pid is alive, or dockerd's own pid file names a live dockerd.
wait_for_engine() {
  local pid="${1:-}" deadline=$((SECONDS + START_TIMEOUT)) filepid
  while (( SECONDS < deadline )); do
    engine_answers && return 0
    if [[ -n "$pid" ]] && ! proc_alive "$pid"; then
      filepid="$(tr -dc '0-9' 2>/dev/null <"$DOCKERD_PIDFILE" || true)"
      if [[ -z "$filepid" ]] || ! proc_is_live_dockerd "$filepid"; then
        log "dockerd (pid $pid) exited before it answered"
        return 1
      fi
    fi
    sleep 0.5
  done
  return 1
}

start_dockerd() {
  docker_host_is_local_default ||
    die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine yourself (up.sh only starts the local dockerd)"
  have dockerd || { print_install_hint; exit 1; }
  if ! is_root; then
    if [[ -S /var/run/docker.sock ]] && [[ "$(docker info 2>&1 || true)" == *"permission denied"* ]]; then
      die "an engine is running but $(id -un) may not use /var/run/docker.sock; add the user to the docker group (then log in again) or run as root"
    fi
    die "no engine answers and starting dockerd needs root: run 'sudo $0' (or 'systemctl start docker')"
  fi

  # A live dockerd that does not answer yet is probably still starting (or
  # stuck); starting a second one would only fail, so wait for it instead.
  if [[ -f "$DOCKERD_PIDFILE" ]]; then
    local existing
    existing="$(tr -dc '0-9' <"$DOCKERD_PIDFILE")"
    if [[ -n "$existing" ]] && proc_is_live_dockerd "$existing"; then
      log "dockerd (pid $existing) is running but not answering yet; waiting up to ${START_TIMEOUT}s"
      wait_for_engine "$existing" && return 0
      dump_log_tail
      die "dockerd pid $existing never answered; stop it (kill $existing) and re-run"
    fi
  fi
  remove_stale_pidfiles

  mkdir -p "$STATE_DIR" "$(dirname "$LOG")"
  log "starting dockerd (log: $LOG)"
  # Appended, not truncated: after a crash the previous run's log is the evidence.
  LOG_MARK="=== up.sh: starting dockerd at $(date -u +%Y-%m-%dT%H:%M:%SZ) ==="
  echo "$LOG_MARK" >>"$LOG"
  # dockerd keeps its cwd for its whole life; do not pin the caller's checkout.
  cd /
  # setsid + </dev/null detaches dockerd from this shell's session and terminal,
  # so it survives the script, the CI step or the SSH session that ran it.
  # shellcheck disable=SC2086 # ORCAOPS_DOCKERD_ARGS is intentionally word-split
  setsid dockerd ${ORCAOPS_DOCKERD_ARGS:-} >>"$LOG" 2>&1 </dev/null &
  local pid=$!
  if ! wait_for_engine "$pid"; then
    dump_log_tail
    die "dockerd did not come up (limit ${START_TIMEOUT}s, ORCAOPS_DOCKERD_START_TIMEOUT); see its log above"
  fi
  # setsid forks when it is already a group leader, so $! is not always
  # dockerd itself; its own pid file is authoritative.
  if [[ -f "$DOCKERD_PIDFILE" ]]; then
    pid="$(tr -dc '0-9' <"$DOCKERD_PIDFILE")"
  fi
  # Recorded so down.sh stops only a dockerd that this script started.
  echo "$pid $(proc_starttime "$pid")" >"$STARTED_FILE"
  ENGINE_STARTED_PID="$pid"
}

# An image with busybox at /bin/busybox and one relative symlink per applet.
# `busybox --install -s` is not used because it links to the absolute host path
# of the binary, which does not exist inside the image.
build_busybox_image() {
  local bb="$1" rootfs applet applets old_id new_id missing=()
  # Captured once: `busybox --list | grep -q` can die of SIGPIPE under pipefail.
  applets="$("$bb" --list)"
  for applet in sh sleep echo wget nc httpd cat sha256sum tar; do
    grep -qx "$applet" <<<"$applets" || missing+=("$applet")
  done
  (( ${#missing[@]} == 0 )) || die "$bb lacks applets the tests use: ${missing[*]}"

  rootfs="$(mktemp -d "${TMPDIR:-/tmp}/orcaops-rootfs.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $rootfs is local
  trap "rm -rf '$rootfs'" EXIT
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,proc,sys,dev}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  cp "$bb" "$rootfs/bin/busybox"
  chmod 0755 "$rootfs/bin/busybox"
  while read -r applet; do
    if [[ -n "$applet" && "$applet" != busybox ]]; then
      ln -sf busybox "$rootfs/bin/$applet"
    fi
  done <<<"$applets"
  # Scripts commonly start with #!/usr/bin/env.
  ln -sf ../../bin/busybox "$rootfs/usr/bin/env"
  # Without these, `whoami`, `id -un` and USER nobody in tests fail.
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"

  old_id="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  local -a changes=(-c 'ENV PATH=/bin:/usr/bin:/sbin:/usr/sbin' -c 'CMD ["sh"]')
  # Root-owned files regardless of who runs this; the image must not depend on
  # the builder's uid.
  if ! tar -C "$rootfs" --owner=0 --group=0 --numeric-owner -c . |
      docker import "${changes[@]}" -c 'LABEL org.orcaops.test=true' - "$IMAGE" >/dev/null; then
    # Older engines reject LABEL in --change; the label is only a convenience
    # for cleanup, so build without it rather than fail.
    log "docker import rejected LABEL; importing without the org.orcaops.test label"
    tar -C "$rootfs" --owner=0 --group=0 --numeric-owner -c . |
      docker import "${changes[@]}" - "$IMAGE" >/dev/null
  fi
  rm -rf "$rootfs"
  trap - EXIT

  # --rebuild would otherwise leave the previous image behind as <none>. Still
  # in use by a container? Then it stays, and that is fine.
  new_id="$(docker image inspect --format '{{.Id}}' "$IMAGE")"
  if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi

  # Catch a broken image (or a broken runtime) here rather than in a test.
  docker run --rm --network none "$IMAGE" sh -c \
    'for a in sleep echo wget nc httpd cat sha256sum tar; do command -v $a >/dev/null || exit 1; done' ||
    die "image $IMAGE was built but a smoke test inside it failed"
}

# --- 1. prerequisites --------------------------------------------------------
t0="${EPOCHREALTIME:-$(date +%s)}"
ENGINE_STARTED_PID=""
engine_ok=0
engine_answers && engine_ok=1

if is_root && is_debian; then
  want=()
  # docker.io provides both the CLI and dockerd on Debian 12.
  if ! have docker || { (( engine_ok == 0 )) && docker_host_is_local_default && ! have dockerd; }; then
    want+=(docker.io)
  fi
  compose_cli >/dev/null || want+=(docker-compose)
  static_busybox >/dev/null || want+=(busybox-static)
  # Tests push/pull through a local registry on 127.0.0.1:5000.
  have docker-registry || [[ -x /usr/bin/docker-registry ]] || want+=(docker-registry)
  # The TUI's end-to-end test drives `orcaops tui` in a real terminal.
  have tmux || want+=(tmux)
  # The shell-completion tests load `orcaops completion zsh|fish` into real shells.
  have zsh || want+=(zsh)
  have fish || want+=(fish)
  if (( ${#want[@]} > 0 )); then
    apt_install "${want[@]}"
    # On a systemd host the package may have started (or socket-activated) the engine.
    (( engine_ok == 1 )) || { engine_answers && engine_ok=1; } || true
  fi
fi

have docker || { log "the docker CLI is not installed."; print_install_hint; exit 1; }

# --- 2. engine ---------------------------------------------------------------
if (( engine_ok == 0 )); then
  start_dockerd
fi

# --- 3. images ---------------------------------------------------------------
built="up to date"
if (( REBUILD == 1 )) || ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  bb="$(static_busybox)" || { log "no statically linked busybox found."; print_install_hint; exit 1; }
  log "building $IMAGE from $bb"
  build_busybox_image "$bb"
  built="built"
fi

# The sandbox templates' stand-in, built on the busybox image. Rebuilt when its
# sources change (their hash is a label) or the base image was rebuilt.
context_hash="$(cd "$SERVICE_CONTEXT" && cat Dockerfile serve.sh pg_isready redis-cli | sha256sum | cut -c1-16)"
service_built="up to date"
if [[ "$built" == built ]] || [[ "$(docker image inspect --format '{{index .Config.Labels "org.orcaops.test.context"}}' "$SERVICE_IMAGE" 2>/dev/null || true)" != "$context_hash" ]]; then
  log "building $SERVICE_IMAGE"
  old_service_id="$(docker image inspect --format '{{.Id}}' "$SERVICE_IMAGE" 2>/dev/null || true)"
  DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$IMAGE" --label "org.orcaops.test.context=$context_hash" \
    -t "$SERVICE_IMAGE" "$SERVICE_CONTEXT" >/dev/null 2>&1 || die "could not build $SERVICE_IMAGE from $SERVICE_CONTEXT"
  service_built="built"
  if [[ -n "$old_service_id" && "$old_service_id" != "$(docker image inspect --format '{{.Id}}' "$SERVICE_IMAGE")" ]]; then
    docker image rm "$old_service_id" >/dev/null 2>&1 || true
  fi
fi

# --- 4. summary --------------------------------------------------------------
server="$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo unknown)"
compose="$(compose_cli || echo "MISSING - compose tests will fail")"
registry="$(command -v docker-registry 2>/dev/null || echo "not installed")"
if [[ -n "$ENGINE_STARTED_PID" ]]; then
  engine_src="started by up.sh, pid $ENGINE_STARTED_PID, log $LOG"
else
  engine_src="already running${DOCKER_HOST:+ at $DOCKER_HOST}"
  if [[ -f "$STARTED_FILE" ]] && docker_host_is_local_default; then
    read -r rec_pid rec_start <"$STARTED_FILE" || true
    if [[ -n "${rec_pid:-}" ]] && proc_is_live_dockerd "$rec_pid" &&
        [[ "$(proc_starttime "$rec_pid")" == "${rec_start:-}" ]]; then
      engine_src+=" (started earlier by up.sh, pid $rec_pid; down.sh stops it)"
    fi
  fi
fi
{
  echo "[test-engine] ready in $(awk -v a="$t0" -v b="${EPOCHREALTIME:-$(date +%s)}" 'BEGIN { printf "%.1f", b - a }')s"
  echo "  engine:   $server, $engine_src"
  echo "  compose:  $compose"
  echo "  registry: $registry"
  echo "  image:    $IMAGE ($built)"
  echo "  image:    $SERVICE_IMAGE ($service_built)"
} >&2
