#!/usr/bin/env bash
# Issue #8 speed goals, measured in one run on the same inputs:
#   import 10,000 GIFT questions: aidquiz vs gift-pegjs 1.0.2 under Node;
#   export 10,000 questions to QTI: aidquiz vs text2qti.
# The tools are installed here (npm, pip in a venv under target/), never as
# project dependencies. Each figure is the best of RUNS whole-process runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/interop-bench
runs=${RUNS:-5}
count=${COUNT:-10000}
mkdir -p "$work"

if [ ! -d "$work/node/node_modules/gift-pegjs" ]; then
  npm install --no-save --silent --prefix "$work/node" gift-pegjs@1.0.2
fi
if [ ! -x "$work/venv/bin/text2qti" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet text2qti
fi
cargo build --release --quiet

python3 benches/interop/generate.py "$count" "$work/questions.gift" "$work/questions.md"
cp benches/interop/parse-gift.js "$work/node/parse-gift.js"

# Best wall time in seconds of `runs` runs of the command.
best() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end took
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc -l)" = 1 ]; then best=$took; fi
  done
  echo "$best"
}

aidquiz=target/release/aidquiz
echo "questions parsed by gift-pegjs: $(node "$work/node/parse-gift.js" "$work/questions.gift")"
$aidquiz import "$work/questions.gift" --out "$work/bank.toml" --force > /dev/null
echo "questions in aidquiz's bank: $(grep -c '^\[\[questions\]\]' "$work/bank.toml")"

import_aidquiz=$(best $aidquiz import "$work/questions.gift" --out "$work/bank.toml" --force)
import_pegjs=$(best node "$work/node/parse-gift.js" "$work/questions.gift")
export_aidquiz=$(best $aidquiz export "$work/bank.toml" --to qti-canvas --out "$work/aidquiz-qti.zip" --force)
export_text2qti=$(cd "$work" && best ./venv/bin/text2qti questions.md)

printf '\n%-52s %10s\n' "what ($count questions, best of $runs)" "seconds"
printf '%-52s %10.3f\n' "aidquiz import GIFT (parse, check, write bank)" "$import_aidquiz"
printf '%-52s %10.3f\n' "gift-pegjs 1.0.2 parse (node)" "$import_pegjs"
printf '%-52s %10.3f\n' "aidquiz export QTI (load, check, zip)" "$export_aidquiz"
printf '%-52s %10.3f\n' "text2qti (markdown to QTI zip)" "$export_text2qti"
printf '\nimport: aidquiz is %.1fx faster than gift-pegjs (goal 10x)\n' "$(echo "$import_pegjs / $import_aidquiz" | bc -l)"
printf 'export: aidquiz is %.1fx faster than text2qti (goal 10x)\n' "$(echo "$export_text2qti / $export_aidquiz" | bc -l)"
