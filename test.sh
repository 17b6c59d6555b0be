#!/usr/bin/env bash
# The whole Landfall test suite on a fresh machine: installs and starts the servers the integration tests need
# (an S3-compatible OpenStack Swift, PostgreSQL 15 and OpenSSH sshd on 127.0.0.1, a three-node Slurm cluster, podman and
# buildah for the container tests, Azurite for Azure Blob Storage, a Prometheus Pushgateway with promtool) and Debian's
# chromium for the browser tests, builds once
# (and publishes the natively compiled CLI),
# runs the unit, integration and browser tests, and stops what it started, even on failure.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Name~Manifest]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 SDK first." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
trap 'scripts/services/down.sh || true' EXIT
scripts/services/up.sh s3 postgres sshd slurm podman azure pushgateway

scripts/install-chromium.sh

dotnet build Landfall.slnx -c Release -warnaserror --nologo -v q
# The natively compiled CLI as deployed (docs/deploy.md); the Native* integration tests run it against the real servers.
LANDFALL_NATIVE_CLI=$(scripts/publish-native.sh artifacts/native-tests)
export LANDFALL_NATIVE_CLI
log=$(mktemp)
status=0
for project in tests/Landfall.Tests tests/Landfall.IntegrationTests tests/Landfall.BrowserTests; do
  dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee -a "$log" || status=1
done

# One closing line for CI, summed over every test project.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
