#!/usr/bin/env bash
# Learners taking quizzes while a large sheet is graded into the same store
# (issue #18 item 3): 32 piped quizzes answering every 0.2 s, started while
# a 20,000-learner sheet is being saved. Prints how many quizzes the store
# ended and how long the grading took.
#
#   cargo build --release
#   bash benches/contention.sh [BINARY]      # default target/release/aidquiz
set -euo pipefail
bin=$(realpath "${1:-target/release/aidquiz}")
quizzes=${QUIZZES:-32}
rows=${ROWS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$(dirname "$0")/.."

"$bin" exam generate quizzes --versions 1 --count 20 --seed 7 --date 2026-11-30 --out "$work/exam" >/dev/null
python3 - "$work" "$rows" <<'PY'
import sys
work, rows = sys.argv[1], int(sys.argv[2])
with open(f"{work}/sheet.csv", "w", newline="") as f:
    f.write("learner,version," + ",".join(str(n) for n in range(1, 21)) + "\r\n")
    for n in range(rows):
        f.write(f"learner {n:05},A" + "," * 20 + "\r\n")
bank = ['format_version = 1', 'id = "ten"', 'title = "Ten"',
        'source = "What Causes Back Spasms: Symptoms And Treatment"']
for n in range(10):
    bank += ['', '[[questions]]', f'id = "q{n}"', 'type = "single"', 'topic = "ice-vs-heat"',
             'difficulty = "easy"', 'section = "When to Use Ice vs. Heat"', f'prompt = "Question {n}?"',
             f'choices = ["Cold {n}", "Heat {n}"]', f'answer = "Cold {n}"', 'explanation = "Cold first."']
open(f"{work}/ten.toml", "w").write("\n".join(bank) + "\n")
PY
store="$work/store.sqlite3"
# The store exists before anyone starts.
printf 'learner,version%s\r\nzed,A%s\r\n' "$(seq -s, 1 20 | sed 's/^/,/')" "$(printf ',%.0s' $(seq 20))" > "$work/zed.csv"
"$bin" exam grade "$work/exam" "$work/zed.csv" --store "$store" >/dev/null

start=$(date +%s.%N)
"$bin" exam grade "$work/exam" "$work/sheet.csv" --store "$store" >"$work/grade.out" 2>"$work/grade.err" &
grade_pid=$!
sleep 0.3
pids=()
for n in $(seq 1 "$quizzes"); do
  ( for _ in $(seq 10); do sleep 0.2; echo A; done ) \
    | "$bin" take "$work/ten.toml" --learner "taker $n" --count 10 --store "$store" \
      >/dev/null 2>"$work/take-$n.err" &
  pids+=($!)
done
ended=0
for n in "${!pids[@]}"; do
  if ! wait "${pids[$n]}"; then ended=$((ended + 1)); fi
done
wait "$grade_pid"
end=$(date +%s.%N)
answers=$(python3 - "$store" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM responses r JOIN attempts a ON a.id = r.attempt_id "
                "WHERE a.learner LIKE 'taker %' AND r.response IS NOT NULL").fetchone()[0])
PY
)
busy=$(cat "$work"/take-*.err | grep -c "busy" || true)
printf '%s: %d quizzes ended by the store (%d busy messages), %d of %d answers saved, grading + quizzes %.1f s\n' \
  "$bin" "$ended" "$busy" "$answers" "$((quizzes * 10))" "$(echo "$end - $start" | bc)"
