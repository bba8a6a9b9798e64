#!/usr/bin/env bash
# Issue #15 speed goal, on the input a user has: a 10,000-question GIFT file
# shaped like a Moodle export (benches/interop/generate_moodle.py: no
# explanations, no difficulties, categories, a few images), imported by
# aidquiz with its diagnostics written to a file, against gift-pegjs 1.0.2
# parsing it under Node, as whole processes, side by side in one hyperfine run.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/interop-bench
count=${COUNT:-10000}
mkdir -p "$work"
if [ ! -d "$work/node/node_modules/gift-pegjs" ]; then
  npm install --no-save --silent --prefix "$work/node" gift-pegjs@1.0.2
fi
cp benches/interop/parse-gift.js "$work/node/parse-gift.js"
# On a shared machine CARGO_LOCK=/tmp/aidquiz-cargo.lock makes the build wait its turn.
${CARGO_LOCK:+flock "$CARGO_LOCK"} cargo build --release --quiet
python3 benches/interop/generate_moodle.py "$count" "$work/moodle.gift"

aidquiz=target/release/aidquiz
echo "questions parsed by gift-pegjs: $(node "$work/node/parse-gift.js" "$work/moodle.gift")"
$aidquiz import "$work/moodle.gift" --topic imported --out "$work/moodle.toml" --force 2> "$work/diagnostics.txt"
echo "aidquiz: $(grep -c '^\[\[questions\]\]' "$work/moodle.toml") questions, $(wc -l < "$work/diagnostics.txt") lines of diagnostics"

# BASELINE=path/to/an/older/aidquiz runs it too, in the same hyperfine run.
baseline=()
if [ -n "${BASELINE:-}" ]; then
  baseline=(-n "aidquiz import, baseline $BASELINE"
    "$BASELINE import $work/moodle.gift --topic imported --out $work/moodle.toml --force 2> $work/diagnostics.txt")
fi
hyperfine --warmup 2 --runs "${RUNS:-10}" --export-markdown "$work/import-moodle.md" \
  -n "aidquiz import (diagnostics to a file)" \
  "$aidquiz import $work/moodle.gift --topic imported --out $work/moodle.toml --force 2> $work/diagnostics.txt" \
  -n "gift-pegjs 1.0.2 parse (node)" \
  "node $work/node/parse-gift.js $work/moodle.gift" \
  "${baseline[@]}"
