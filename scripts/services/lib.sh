# Shared helpers for the throw-away test services (sourced, not run).
# Everything here assumes root on Debian 12 without systemd.

LF_TEST_ROOT=${LANDFALL_TEST_ROOT:-/tmp/landfall-test}

lf_log() { local p; p=$(readlink -f "$0"); echo "[${p#*/scripts/services/}] $*" >&2; }
lf_die() { lf_log "ERROR: $*"; exit 1; }

# A folder we are about to `rm -rf`: refuse anything that is not an absolute, non-root path.
lf_check_root() {
  case "$1" in
    /|//*|'') lf_die "refusing to use '$1' as a throw-away folder" ;;
    /*) ;;
    *) lf_die "folder must be an absolute path: '$1'" ;;
  esac
}

# Install Debian packages non-interactively. A fresh CI machine may have empty or stale
# package lists, so run `apt-get update` first (at most once per script run).
LF_APT_UPDATED=0
lf_apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local log; log=$(mktemp)
  lf_log "installing: $*"
  if [ "$LF_APT_UPDATED" = 0 ]; then
    apt-get -o DPkg::Lock::Timeout=300 update >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; lf_die "apt-get update failed"; }
    LF_APT_UPDATED=1
  fi
  # Debian packages start their daemon on install (sshd on :22, memcached on :11211...) unless
  # /usr/sbin/policy-rc.d says no. The base image has one; on a machine without, add it for
  # the duration of the install only.
  local policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy=1
  fi
  local rc=0
  apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@" >"$log" 2>&1 || rc=$?
  [ $policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || { cat "$log" >&2; rm -f "$log"; lf_die "apt-get install $* failed"; }
  rm -f "$log"
}

# Alive = exists and is not a zombie. After a kill, PID 1 reaps late, and `kill -0` reports
# zombies as alive, so look at the state instead.
lf_alive() {
  local s
  s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $s != Z* ]]
}

# All descendants of a pid (children first-level, then theirs).
lf_descendants() {
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; lf_descendants "$c"; done
}

# lf_stop_pids SIGNAL TIMEOUT_S PID...: send SIGNAL, wait up to TIMEOUT_S, then SIGKILL
# what is left and wait again. Returns 1 if something survived even SIGKILL.
lf_stop_pids() {
  local sig=$1 timeout=$2; shift 2
  local pids=() p i any
  for p in "$@"; do [[ $p =~ ^[0-9]+$ ]] && lf_alive "$p" && pids+=("$p"); done
  [ ${#pids[@]} -eq 0 ] && return 0
  kill "-$sig" "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    any=0; for p in "${pids[@]}"; do lf_alive "$p" && any=1; done
    [ $any = 0 ] && return 0
    sleep 0.1
  done
  for p in "${pids[@]}"; do lf_alive "$p" && { lf_log "pid $p ignored SIG$sig, killing"; kill -KILL "$p" 2>/dev/null || true; }; done
  for ((i = 0; i < 50; i++)); do
    any=0; for p in "${pids[@]}"; do lf_alive "$p" && any=1; done
    [ $any = 0 ] && return 0
    sleep 0.1
  done
  lf_log "still alive after SIGKILL: $(for p in "${pids[@]}"; do lf_alive "$p" && echo -n "$p "; done)"
  return 1
}

# Command line of a pid, NULs as spaces; empty if it is gone (never an error).
lf_cmdline() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true; }

# Does something accept TCP connections on 127.0.0.1:PORT?
lf_port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# PIDs listening on TCP PORT (needs `ss` from iproute2; prints nothing without it).
lf_port_listeners() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

# lf_free_port PORT CMD_REGEX SIGNAL: a stale instance started from another folder (its pid
# files are gone) still holds our port. Stop it, but only if its command line matches
# CMD_REGEX; anything else on the port is somebody else's and is an error.
lf_free_port() {
  local port=$1 re=$2 sig=$3 p cmd
  lf_port_open "$port" || return 0
  for p in $(lf_port_listeners "$port"); do
    cmd=$(lf_cmdline "$p")
    if [[ $cmd =~ $re ]]; then
      lf_log "stopping stale listener on port $port: pid $p ($cmd)"
      lf_stop_pids "$sig" 15 "$p" $(lf_descendants "$p") || true
    fi
  done
  sleep 0.1
  if lf_port_open "$port"; then
    lf_log "port $port is still in use:"; ss -ltnp "sport = :$port" >&2 2>/dev/null || true
    return 1
  fi
}
