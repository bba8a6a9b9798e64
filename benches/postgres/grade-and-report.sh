#!/usr/bin/env bash
# aidquiz on PostgreSQL (issue #14), peers side by side in one run:
#  1. `exam grade` of ROWS learners × 20 questions into PostgreSQL, into
#     SQLite, and four floors: psql's COPY of the same rows (an attempt row
#     and 20 response rows per learner) into minimal tables; psql's COPY of
#     every row aidquiz wrote into aidquiz's own schema, and into bare
#     tables of the same columns; and of the record alone (no
#     spaced-repetition rows) into that schema without foreign keys;
#  2. reports over REPORT_ATTEMPTS attempts on PostgreSQL: attempts CSV and
#     item analysis, wall time and peak RSS. The attempts are the graded
#     ones repeated by SQL (new ids, the same items), since grading a
#     million would take the first part's time many times over.
#
#   cargo build --release
#   .ci/postgres start /tmp/bench-pg      # prints the admin URL
#   ADMIN=postgres://aidquiz@/aidquiz?host=/tmp/bench-pg \
#     ROWS=100000 REPORT_ATTEMPTS=1000000 bash benches/postgres/grade-and-report.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${BIN:-target/release/aidquiz}")
admin=${ADMIN:?the URL of a PostgreSQL database whose role may create databases}
rows=${ROWS:-100000}
report_attempts=${REPORT_ATTEMPTS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url_of() { python3 -c 'import sys,re; u=sys.argv[1]; print(re.sub(r"(://[^/]*)/[^?]*", r"\1/"+sys.argv[2], u, count=1))' "$admin" "$1"; }
fresh() { psql "$admin" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; url_of "$1"; }
seconds() { local start=$1; python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.2f}')" "$start"; }
now() { python3 -c 'import time; print(time.time())'; }

"$bin" exam generate quizzes --versions 2 --count 20 --seed 7 --date 2026-11-30 --out "$work/exam" >/dev/null
python3 - "$work" "$rows" <<'PY'
import random, sys, csv
work, rows = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)
# Learners answer from the key four times in five and leave the rest
# blank, so every cell is a well-formed answer for its question's type.
key = {}
for row in csv.DictReader(open(f"{work}/exam/key.csv")):
    key.setdefault(row["version"], []).append(row["answer"])
with open(f"{work}/sheet.csv", "w", newline="") as f:
    out = csv.writer(f, lineterminator="\r\n")
    f.write("\ufeff")
    out.writerow(["learner", "version"] + [str(n) for n in range(1, 21)])
    for n in range(rows):
        version = rng.choice("AB")
        answers = [answer if rng.random() < 0.8 else "" for answer in key[version]]
        out.writerow([f"learner {n:06}", version] + answers)
# The floor's input: the same rows as plain tables.
with open(f"{work}/attempts.tsv", "w") as a, open(f"{work}/responses.tsv", "w") as r:
    for n in range(rows):
        a.write(f"{n+1}\tlearner {n:06}\tex\t2026-11-30T10:00:00.000000000Z\t{rng.random()*20:.2f}\t20\n")
        for q in range(20):
            r.write(f"{n+1}\t{q}\tq{q}\t{rng.choice('ABCD')}\t{rng.choice((0.0, 1.0))}\t1\n")
PY

echo "== exam grade, $rows learners × 20 questions (load: $(cut -d' ' -f1-3 /proc/loadavg))"
pg=$(fresh aidquiz_bench_grade)
# The client's own CPU time too: most of the rest of PostgreSQL's wall
# time is the server's.
cpu() { awk '{printf "%.2f", $1 + $2}' "$work/cpu"; }
start=$(now); /usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" exam grade "$work/exam" "$work/sheet.csv" --store "$pg" >/dev/null
echo "PostgreSQL: $(seconds "$start") s (aidquiz's CPU $(cpu) s)"
start=$(now); /usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" exam grade "$work/exam" "$work/sheet.csv" --store "$work/store.sqlite3" >/dev/null
echo "SQLite:     $(seconds "$start") s (aidquiz's CPU $(cpu) s)"
floor=$(fresh aidquiz_bench_floor)
psql "$floor" -q -c "CREATE TABLE attempts (id BIGINT PRIMARY KEY, learner TEXT, exam_id TEXT, started_at TEXT, score DOUBLE PRECISION, max_score DOUBLE PRECISION)" \
  -c "CREATE TABLE responses (attempt_id BIGINT, position BIGINT, question_id TEXT, response TEXT, points DOUBLE PRECISION, max_points DOUBLE PRECISION, PRIMARY KEY (attempt_id, position))"
start=$(now)
psql "$floor" -q -c "\\copy attempts FROM '$work/attempts.tsv'" -c "\\copy responses FROM '$work/responses.tsv'"
echo "COPY floor: $(seconds "$start") s"
# A second floor: every row aidquiz wrote, in every table, loaded by COPY
# into aidquiz's own schema (its keys, indexes and foreign keys): what the
# server needs for those rows however a client sends them.
own=$(fresh aidquiz_bench_own)
for migration in src/store/migrations/postgres/0*.sql; do psql "$own" -q -1 -f "$migration"; done
tables="learners question_keys attempts responses attempt_topics attempt_items reviews memory"
: > "$work/own.sql"
for table in $tables; do
  psql "$pg" -qc "\\copy $table TO '$work/own-$table.bin' (FORMAT binary)"
  echo "\\copy $table FROM '$work/own-$table.bin' (FORMAT binary)" >> "$work/own.sql"
done
start=$(now)
psql "$own" -q -1 -f "$work/own.sql"
echo "COPY of every row aidquiz wrote ($(psql "$pg" -Atc "SELECT sum(n) FROM (SELECT count(*) AS n FROM learners UNION ALL SELECT count(*) FROM question_keys UNION ALL SELECT count(*) FROM attempts UNION ALL SELECT count(*) FROM responses UNION ALL SELECT count(*) FROM attempt_topics UNION ALL SELECT count(*) FROM attempt_items UNION ALL SELECT count(*) FROM reviews UNION ALL SELECT count(*) FROM memory) AS t") rows) into its own schema: $(seconds "$start") s"
# The same rows into bare tables of the same columns (no keys, indexes or
# foreign keys): what the rows cost the server without what the store's
# reads need.
psql "$own" -q -c "CREATE SCHEMA bare"
for table in $tables; do psql "$own" -q -c "CREATE TABLE bare.$table (LIKE public.$table)"; done
sed 's/\\copy \([a-z_]*\) FROM/\\copy bare.\1 FROM/' "$work/own.sql" > "$work/bare.sql"
start=$(now)
psql "$own" -q -1 -f "$work/bare.sql"
echo "COPY of every row aidquiz wrote into bare tables: $(seconds "$start") s"
# A third, a bound for any way of writing a sheet: only the record the
# reports read (the learners, attempts, responses, topic sums and items;
# no reviews or memory states, the spaced-repetition side), loaded by COPY
# into aidquiz's schema stripped of its foreign keys.
record=$(fresh aidquiz_bench_record)
for migration in src/store/migrations/postgres/0*.sql; do psql "$record" -q -1 -f "$migration"; done
psql "$record" -q -c "ALTER TABLE responses DROP CONSTRAINT responses_attempt_id_fkey" \
  -c "ALTER TABLE attempt_topics DROP CONSTRAINT attempt_topics_attempt_id_fkey" \
  -c "ALTER TABLE attempt_items DROP CONSTRAINT attempt_items_attempt_id_fkey"
grep -v -e reviews -e memory "$work/own.sql" > "$work/record.sql"
start=$(now)
psql "$record" -q -1 -f "$work/record.sql"
echo "COPY of the record alone (no reviews or memory states), no foreign keys: $(seconds "$start") s"

echo "== reports over $report_attempts attempts on PostgreSQL"
psql "$pg" -q <<SQL
-- Repeat the graded attempts, with new ids, up to $report_attempts.
INSERT INTO attempts (id, learner, mode, seed, selection, banks, started_at, finished_at, time_limit_secs,
    pass_mark, status, score, max_score, exam_id, paper, critical_missed, exam_title, exam_version)
SELECT a.id + copy * $rows, a.learner || ' #' || copy, a.mode, a.seed, a.selection, a.banks, a.started_at,
    a.finished_at, a.time_limit_secs, a.pass_mark, a.status, a.score, a.max_score,
    a.exam_id || '-' || copy, a.paper, a.critical_missed, a.exam_title, a.exam_version
FROM attempts AS a, generate_series(1, ($report_attempts - 1) / $rows) AS copy;
INSERT INTO attempt_items (attempt_id, items)
SELECT i.attempt_id + copy * $rows, i.items FROM attempt_items AS i, generate_series(1, ($report_attempts - 1) / $rows) AS copy;
INSERT INTO attempt_topics (attempt_id, topic, score, max_score)
SELECT t.attempt_id + copy * $rows, t.topic, t.score, t.max_score FROM attempt_topics AS t, generate_series(1, ($report_attempts - 1) / $rows) AS copy;
ANALYZE;
SQL
psql "$pg" -Atc "SELECT count(*) || ' attempts' FROM attempts"
# The same attempts in the SQLite store graded above, as its peer.
python3 - "$work/store.sqlite3" "$rows" "$report_attempts" <<'PY'
import sqlite3, sys
store, rows, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(store)
copies = "WITH RECURSIVE copies(copy) AS (SELECT 1 UNION ALL SELECT copy + 1 FROM copies WHERE copy < ?) "
n = (total - 1) // rows
if n < 1:
    sys.exit()  # the graded attempts are enough
c.execute(copies + """INSERT INTO attempts (id, learner, mode, seed, selection, banks, started_at, finished_at,
    time_limit_secs, pass_mark, status, score, max_score, exam_id, paper, critical_missed, exam_title, exam_version)
    SELECT a.id + copy * ?, a.learner || ' #' || copy, a.mode, a.seed, a.selection, a.banks, a.started_at,
    a.finished_at, a.time_limit_secs, a.pass_mark, a.status, a.score, a.max_score, a.exam_id || '-' || copy,
    a.paper, a.critical_missed, a.exam_title, a.exam_version
    FROM attempts AS a, copies WHERE a.id <= ?""", (n, rows, rows))
c.execute(copies + "INSERT INTO attempt_items SELECT i.attempt_id + copy * ?, i.items FROM attempt_items AS i, copies WHERE i.attempt_id <= ?", (n, rows, rows))
c.execute(copies + "INSERT INTO attempt_topics SELECT t.attempt_id + copy * ?, t.topic, t.score, t.max_score FROM attempt_topics AS t, copies WHERE t.attempt_id <= ?", (n, rows, rows))
c.commit()
c.execute("ANALYZE")
PY
for kind in attempts items; do
  for store in "$pg" "$work/store.sqlite3"; do
    case $store in postgres*) name=PostgreSQL;; *) name=SQLite;; esac
    start=$(now)
    /usr/bin/time -f "%M" -o "$work/rss" "$bin" report "$kind" --format csv --store "$store" > "$work/$kind-$name.csv"
    echo "report $kind --format csv on $name: $(seconds "$start") s, peak RSS $(( $(cat "$work/rss") / 1024 )) MB, $(wc -l < "$work/$kind-$name.csv") lines"
  done
  # The two stores were graded moments apart: the attempts' times differ,
  # nothing else may.
  if [ "$kind" = attempts ]; then
    cut -d, -f1-6,9- "$work/$kind-PostgreSQL.csv" > "$work/a.csv"
    cut -d, -f1-6,9- "$work/$kind-SQLite.csv" > "$work/b.csv"
  else
    cp "$work/$kind-PostgreSQL.csv" "$work/a.csv"
    cp "$work/$kind-SQLite.csv" "$work/b.csv"
  fi
  cmp "$work/a.csv" "$work/b.csv" && echo "  (the same from both$([ "$kind" = attempts ] && echo ", but for the grading times"))"
done
if [ -z "${KEEP:-}" ]; then
  psql "$admin" -qc "DROP DATABASE aidquiz_bench_grade WITH (FORCE)" -c "DROP DATABASE aidquiz_bench_floor WITH (FORCE)" \
    -c "DROP DATABASE aidquiz_bench_own WITH (FORCE)" \
    -c "DROP DATABASE aidquiz_bench_record WITH (FORCE)"
fi
