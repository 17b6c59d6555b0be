#!/usr/bin/env bash
# Builds the landfall container image with buildah from the native build, without any base image (no registry is needed):
# an empty image (`buildah from scratch`) gets the executable and ParquetSharpNative.so, the shared libraries `ldd` names
# for them, the ones .NET loads at run time (libssl, libcrypto), /bin/sh, sed and jq for the recipes' shell steps, CA
# certificates, time zones and a non-root user. The layout and the settings are deploy/Dockerfile's (same paths, user,
# working folder, environment, entrypoint: tests/Landfall.Tests/Deploy checks that the two agree); only the way the
# runtime files arrive differs (apt-get in the Dockerfile, this machine's own files here: the image therefore has this
# machine's glibc, Debian 12's on the build machines).
# Usage: scripts/build-image.sh NATIVE_DIR [TAG]   (NATIVE_DIR: scripts/publish-native.sh's output; TAG default
# localhost/landfall:dev). Prints the image id. Run as root (buildah's default storage) or set CONTAINERS_STORAGE_CONF.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -x "$1/landfall" ] || [ ! -f "$1/ParquetSharpNative.so" ]; then
  echo "usage: $0 NATIVE_DIR [TAG]  (NATIVE_DIR holds landfall and ParquetSharpNative.so: scripts/publish-native.sh)" >&2
  exit 2
fi
native=$(cd "$1" && pwd)
tag=${2:-localhost/landfall:dev}
for tool in buildah ldd jq sed dash; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install buildah jq)" >&2; exit 2; }
done

root=$(mktemp -d)
container=""
cleanup() { [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true; rm -rf "$root"; }
trap cleanup EXIT

# Copies a file to the same path under the image root, a symbolic link as a link (plus its target).
put() {
  local f=$1
  [ -e "$root$f" ] && return 0
  mkdir -p "$root$(dirname "$f")"
  if [ -L "$f" ]; then
    local target; target=$(readlink "$f")
    ln -s "$target" "$root$f"
    case "$target" in /*) put "$target" ;; *) put "$(dirname "$f")/$target" ;; esac
  else
    cp -p "$f" "$root$f"
  fi
}
# A program or library and every shared library it needs (ldd resolves the whole closure).
with_libs() {
  put "$1"
  local lib
  for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do put "$lib"; done
}

mkdir -p "$root/opt/landfall"
install -m 0755 "$native/landfall" "$native/ParquetSharpNative.so" "$root/opt/landfall/"
for f in "$native/landfall" "$native/ParquetSharpNative.so"; do
  for lib in $(ldd "$f" | grep -o '/[^ ]*'); do put "$lib"; done
done
# Not in ldd's list: .NET opens OpenSSL when it first hashes or speaks TLS (dlopen), as libssl3 in the Dockerfile.
for lib in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
  [ -e "$lib" ] || lib=$(ldconfig -p | awk -v n="$(basename "$lib")" '$1 == n {print $NF; exit}')
  with_libs "$lib"
done
# The recipes' shell steps (deploy/kubernetes/backfill-job.yaml: sh and sed; deploy/argo: sh and jq).
with_libs "$(command -v dash)"
with_libs "$(command -v sed)"
with_libs "$(command -v jq)"
mkdir -p "$root/bin"
ln -sf "$(readlink -f "$(command -v dash)")" "$root/bin/sh"
# ca-certificates and tzdata, where OpenSSL and .NET look for them.
put /etc/ssl/certs/ca-certificates.crt
mkdir -p "$root/usr/lib/ssl"
ln -s /etc/ssl/certs "$root/usr/lib/ssl/certs"
ln -s /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
mkdir -p "$root/usr/share"
cp -a /usr/share/zoneinfo "$root/usr/share/"
# Users (the Dockerfile's useradd), host lookups for glibc, a writable /tmp and the home folder.
mkdir -p "$root/etc" "$root/tmp" "$root/home/landfall"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nlandfall:x:10001:10001::/home/landfall:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nlandfall:x:10001:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chown 10001:10001 "$root/home/landfall"

container=$(buildah from scratch)
buildah copy --quiet "$container" "$root" / >/dev/null
# The settings of deploy/Dockerfile (USER, WORKDIR, ENV, ENTRYPOINT, CMD), value for value.
buildah config \
  --user 10001:10001 \
  --workingdir /home/landfall \
  --env PATH=/opt/landfall:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env LANDFALL_CONFIG=/etc/landfall/landfall.yaml \
  --entrypoint '["landfall"]' \
  --cmd '["--help"]' \
  --label org.opencontainers.image.title=landfall \
  "$container"
buildah commit --quiet --rm "$container" "$tag"
container=""
