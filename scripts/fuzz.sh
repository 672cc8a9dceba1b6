#!/usr/bin/env bash
# Runs each cargo-fuzz target (parse, normalize, pipeline) for SECONDS (default 900 = 15 min)
# on one core, seeded from fuzz/seeds/<target> and growing fuzz/corpus/<target> (not in git).
# Prints runs, corpus size and crashes per target; exits non-zero when a target crashed.
# A crash input lands in fuzz/artifacts/<target>/: reproduce it with
#   cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O <target> artifacts/<target>/<file>
# and copy it to fuzz/regressions/<target>/ (tests/fuzz_regressions.rs runs those) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-900}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1 # cargo-fuzz needs nightly flags; this toolchain is stable
status=0
for target in parse normalize pipeline; do
  mkdir -p "corpus/$target"
  seeds="seeds/$target"; [[ -d $seeds ]] || seeds="seeds/parse"
  log="$(mktemp)"
  started=$(date +%s)
  if cargo fuzz run -O "$target" "corpus/$target" "$seeds" -- \
      -max_total_time="$seconds" -max_len=20000 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    result="no crash"
  else
    result="CRASH (see fuzz/artifacts/$target and $log)"; status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz $target: $(( $(date +%s) - started )) s, $runs runs, corpus $(ls "corpus/$target" | wc -l) inputs, $result"
  [[ $result == "no crash" ]] && rm -f "$log"
done
exit $status
