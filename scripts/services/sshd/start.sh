#!/usr/bin/env bash
# Start a throw-away OpenSSH sshd on 127.0.0.1:2222 with its own host keys and config (never
# the system ones), user sftptest (public key only, internal-sftp, home = BASE/home). Run as root.
# Installs openssh-server/-client when missing. BASE (default /tmp/landfall-test/sshd, env
# LANDFALL_SSHD_ROOT) is WIPED on every start. Files for clients, in BASE/client:
#   id_ed25519, id_rsa (private keys, OpenSSH format), known_hosts,
#   hostkey_ed25519.sha256 / hostkey_rsa.sha256 (host key fingerprints "SHA256:..."),
#   password (the user's password, for password-authentication tests).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
SSHD_PORT=2222
BASE=${LANDFALL_SSHD_ROOT:-$LF_TEST_ROOT/sshd}
TUSER=sftptest
# absolute paths only: with a relative -f path the listener starts but every connection is
# reset during key exchange (sshd re-execs itself per connection)
lf_check_root "$BASE"
T0=$(date +%s.%N)

# --- install when missing ---
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keyscan >/dev/null || ! command -v sftp >/dev/null; then
  lf_apt_install openssh-server openssh-client
fi
command -v openssl >/dev/null || lf_apt_install openssl

# --- stop a previous instance (ours by pid file; a stale one from another BASE by port) ---
"$HERE/stop.sh"
lf_free_port "$SSHD_PORT" 'sshd' TERM || lf_die "port $SSHD_PORT is taken by another program"

rm -rf "$BASE"; mkdir -p "$BASE/etc" "$BASE/client"
# dedicated test user; home under BASE (the sftp root for the tests)
id "$TUSER" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir "$BASE/home" --shell /usr/sbin/nologin "$TUSER"
usermod -d "$BASE/home" "$TUSER" >/dev/null 2>&1 || true   # BASE may differ from the last run
# useradd leaves the password "!" (locked): with UsePAM no, sshd rejects a locked account even
# for key log-ins. "*" = no password, but not locked.
usermod -p '*' "$TUSER" >/dev/null 2>&1 || true
mkdir -p "$BASE/home/.ssh" "$BASE/home/data"
# host keys and client keys; RSA-3072 generation takes ~1 s each, so run all four in parallel
ssh-keygen -q -t ed25519 -N '' -C sshd-test-host -f "$BASE/etc/ssh_host_ed25519_key" & k1=$!
ssh-keygen -q -t rsa -b 3072 -N '' -C sshd-test-host -f "$BASE/etc/ssh_host_rsa_key" & k2=$!
ssh-keygen -q -t ed25519 -N '' -C "$TUSER" -f "$BASE/client/id_ed25519" & k3=$!
ssh-keygen -q -t rsa -b 3072 -N '' -C "$TUSER" -f "$BASE/client/id_rsa" & k4=$!
for k in $k1 $k2 $k3 $k4; do wait "$k" || lf_die "ssh-keygen failed"; done
cat "$BASE/client/id_ed25519.pub" "$BASE/client/id_rsa.pub" > "$BASE/home/.ssh/authorized_keys"
# a fresh random password too (shadow hash; sshd checks it itself with UsePAM no), for password-auth tests
head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$BASE/client/password"; chmod 600 "$BASE/client/password"
usermod -p "$(openssl passwd -6 -stdin < "$BASE/client/password")" "$TUSER" >/dev/null 2>&1 || lf_die "cannot set the test password"
# StrictModes: home, ~/.ssh and authorized_keys owned by the user and not group/world writable
# (so never keep authorized_keys directly under /tmp)
chown -R "$TUSER:" "$BASE/home"; chmod 755 "$BASE/home"; chmod 700 "$BASE/home/.ssh"; chmod 600 "$BASE/home/.ssh/authorized_keys"
cat > "$BASE/etc/sshd_config" <<CONF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $BASE/etc/ssh_host_ed25519_key
HostKey $BASE/etc/ssh_host_rsa_key
PidFile $BASE/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
AllowUsers $TUSER
AllowTcpForwarding no
X11Forwarding no
Subsystem sftp internal-sftp
LogLevel VERBOSE
CONF
mkdir -p /run/sshd; chmod 755 /run/sshd   # privilege-separation folder; sshd refuses to start without it
/usr/sbin/sshd -t -f "$BASE/etc/sshd_config" || lf_die "sshd config test failed"
# absolute binary path ("sshd re-exec requires execution with an absolute path"); -D: stay in
# the foreground so $! is the listener. stdin/stdout/stderr redirected, or a pipeline such as
# `start.sh | tee log` would never see EOF.
/usr/sbin/sshd -D -f "$BASE/etc/sshd_config" -E "$BASE/sshd.log" </dev/null >"$BASE/sshd.stdout" 2>&1 &
echo $! > "$BASE/sshd.pid.launcher"
# ready when the port answers with an SSH banner; ssh-keyscan also writes known_hosts
for i in $(seq 1 100); do
  lf_alive "$(cat "$BASE/sshd.pid.launcher")" || break
  if ssh-keyscan -p "$SSHD_PORT" -t ed25519,rsa 127.0.0.1 > "$BASE/client/known_hosts" 2>/dev/null && [ -s "$BASE/client/known_hosts" ]; then break; fi
  sleep 0.1
done
if [ ! -s "$BASE/client/known_hosts" ]; then
  cat "$BASE/sshd.log" "$BASE/sshd.stdout" >&2; "$HERE/stop.sh" || true; lf_die "sshd not ready"
fi
# SHA256 fingerprints of the host keys, "SHA256:..." (SSH.NET's FingerPrintSHA256 lacks the prefix)
ssh-keygen -l -E sha256 -f "$BASE/etc/ssh_host_ed25519_key.pub" | awk '{print $2}' > "$BASE/client/hostkey_ed25519.sha256"
ssh-keygen -l -E sha256 -f "$BASE/etc/ssh_host_rsa_key.pub"     | awk '{print $2}' > "$BASE/client/hostkey_rsa.sha256"
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s; pid $(cat "$BASE/sshd.pid.launcher")"
echo "sshd up: 127.0.0.1:$SSHD_PORT user $TUSER key $BASE/client/id_ed25519 (or id_rsa) known_hosts $BASE/client/known_hosts hostkey $(cat "$BASE/client/hostkey_ed25519.sha256")"
