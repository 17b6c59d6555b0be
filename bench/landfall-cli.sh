# Sourced by the bench scripts: builds the landfall CLI that a benchmark measures into $1 and sets CLI to its command.
# BENCH_BUILD picks the build (docs/benchmarks.md reports which one each row measured):
#   native (default)  natively compiled, as deployed (scripts/publish-native.sh, docs/deploy.md)
#   r2r               framework-dependent, precompiled for this runtime (ReadyToRun): what `dotnet publish -r <rid>` makes
#   jit               the plain `dotnet build` output run by `dotnet landfall.dll`, as the .NET tool runs
landfall_cli() {
  local out=$1
  # BENCH_CLI: an already built landfall executable to measure as is (saves the build between benchmark runs).
  if [ -n "${BENCH_CLI:-}" ]; then CLI=$BENCH_CLI; return; fi
  case "${BENCH_BUILD:-native}" in
    native) CLI=$(scripts/publish-native.sh "$out") ;;
    r2r)
      local rid; rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
      dotnet publish src/Landfall.Cli -c Release -r "$rid" --self-contained false -o "$out" -v q --nologo >/dev/null
      CLI="$out/landfall" ;;
    jit)
      dotnet build src/Landfall.Cli -c Release -v q --nologo >/dev/null
      CLI="dotnet src/Landfall.Cli/bin/Release/net10.0/landfall.dll" ;;
    *) echo "BENCH_BUILD must be native, r2r or jit, not '$BENCH_BUILD'" >&2; exit 2 ;;
  esac
}
