#!/usr/bin/env bash
# Publishes the landfall CLI natively compiled (.NET Native AOT) for this machine's runtime: one executable that needs no .NET
# runtime, starts in milliseconds and runs no JIT (docs/deploy.md). ParquetSharpNative.so ships beside it.
# Installs what the native link needs when missing (gcc, zlib headers; Debian/Ubuntu).
# Usage: scripts/publish-native.sh [OUTPUT_DIR]   (default: artifacts/native/<rid>); prints the executable's absolute path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ] && ! command -v apt-get >/dev/null 2>&1; then
  echo "publish-native: the native link needs ${missing[*]} (a C compiler and the zlib headers); install them and rerun." >&2
  exit 2
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[publish-native] installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
RID=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
OUT=${1:-artifacts/native/$RID}
dotnet publish src/Landfall.Cli -c Release -r "$RID" -p:PublishAot=true -o "$OUT" --nologo -v q >&2
echo "$(cd "$OUT" && pwd)/landfall"
