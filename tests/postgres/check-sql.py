#!/usr/bin/env python3
"""Checks the store's SQL on PostgreSQL against SQLite, statement by statement.

    tests/postgres/check-sql.py            # on $AIDQUIZ_TEST_POSTGRES, else a throwaway server
    tests/postgres/check-sql.py -v         # also print every statement's columns

On a scratch database it creates (and drops):

1. Loads src/store/migrations/postgres/0*.sql in order, one transaction
   each, and compares the schema with SQLite's at its current version
   (src/store/migrations/0*.sql applied to an empty SQLite database):
   tables, columns in order, types (INTEGER as BIGINT, REAL as DOUBLE
   PRECISION, BLOB as BYTEA), NOT NULL, defaults, primary keys, unique and
   other indexes, foreign keys, the number of CHECK constraints; and that
   every text column of PostgreSQL's is COLLATE "C".
2. Prepares every statement file under src/store (NAME.pg.sql where there
   is one, else NAME.sql, `?N` rewritten to `$N` outside literals and
   comments, as the store's seam does), so each parameter must get a type
   from its context; and describes its result columns, which must be
   BIGINT, DOUBLE PRECISION, TEXT or BYTEA (what the seam reads: no
   NUMERIC from a sum, no INTEGER from a literal, no BOOLEAN from a
   comparison).
3. Runs each with sample arguments on the same sample records in both
   databases, inside a transaction rolled back after, and compares what it
   returns and, for a statement that writes, every table afterwards. Rows
   are compared in order when the statement has an ORDER BY.

The SQLite side is Python's sqlite3 module, not the SQLite bundled into
aidquiz; the statements use nothing newer than it has, and where it is
older than 3.43 its sum() is replaced by the summation aidquiz's SQLite
does (KbnSum). Exits non-zero
naming each statement that differs.
"""

import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "src" / "store"
MIGRATIONS = STORE / "migrations"
PG_MIGRATIONS = MIGRATIONS / "postgres"

# Statements that only SQLite runs: steps of its own upgrades (schema 6
# and 8 fill new tables from old ones; PostgreSQL starts at the current
# schema) and its identity check.
SQLITE_ONLY = {
    "attempt_items/add_key_v6.sql",
    "attempt_items/key_of_v6.sql",
    "attempt_items/backfill.sql",
    "learners/recorded.sql",
    "learners/move.sql",
}

# What the seam reads from a result column.
READABLE = {"bigint", "double precision", "text", "bytea"}

# reports/mod.rs makes the learner's or the exam's filter a plain equality
# when it is given (BY_LEARNER, BY_EXAM); the statement run is that one.
BY_LEARNER = ("(?1 IS NULL OR a.learner = ?1)", "a.learner = ?1")
BY_EXAM = ("(?2 IS NULL OR a.exam_id = ?2)", "a.exam_id = ?2")
NARROWED = {
    "reports/any.sql",
    "reports/count.sql",
    "reports/filtered_topics.sql",
    "reports/stream_items.sql",
    "reports/stream_questions.sql",
}

T1 = "2026-01-02T10:00:00.000000000Z"
T2 = "2026-01-02T10:05:00.000000000Z"
T3 = "2026-01-02T11:00:00.000000000Z"
T4 = "2026-01-03T09:00:00.000000000Z"
T5 = "2026-01-03T09:30:00.000000000Z"
T6 = "2026-01-04T00:00:00.000000000Z"

# Sample records: names, topics and times whose byte order differs from a
# dictionary order ('Zoë' < 'bea', 'Burns' < 'CPR' < 'airway'), so a text
# column without COLLATE "C" sorts differently from SQLite; ties broken by a
# second column; an exam attempt and quizzes; a stale attempt_topics row
# for the rescore to correct.
SAMPLE = {
    "attempts": (
        "id, learner, mode, seed, selection, banks, started_at, finished_at, time_limit_secs,"
        " pass_mark, status, score, max_score, exam_id, paper, critical_missed, exam_title, exam_version",
        [
            (1, "Ana", "study", -5, '{"count":2}', "[]", T1, T2, 600, 0.75, "completed", 1.5, 2.0, None, 0, '["q-cpr"]',
             None, None),
            (2, "Ana", "exam", 7, '{"exam":{"title":"Final","version":"A"}}', "[]", T4, T4, None, 0.5,
             "completed", 0.5, 2.0, "exam-1", 1, '["q-burns","q-cpr"]', "Final", "A"),
            (3, "bea", "study", 9, "{}", "[]", T3, None, 300, 0.5, "abandoned", 0.0, 2.0, None, 0, "[]", None, None),
            (4, "Zoë", "exam", 11, '{"exam":{"title":"Final","version":"B"}}', "[]", T5, T5, None, 0.5,
             "completed", 1.25, 2.0, "exam-1", 1, '["q-airway"]', "Final", "B"),
            (5, "bea", "study", 13, "{}", "[]", T6, T6, None, 0.5, "completed", 0.0, 3.0, None, 0, "[]", None, None),
        ],
    ),
    "responses": (
        "attempt_id, position, question_id, topic, choice_order, response, selected, points,"
        " max_points, answered_at, critical, revision",
        [
            (1, 0, "q-airway", "airway", "[0,1]", '"A"', "[0]", 1.0, 1.0, T1, 0, 1),
            (1, 1, "q-cpr", "CPR", "[1,0]", '"B"', "[0]", 0.5, 1.0, T2, 1, 2),
            (2, 0, "q-burns", "Burns", "[0,1]", None, None, 0.0, 1.0, None, 1, 1),
            (2, 1, "q-cpr", "CPR", "[0,1]", '"A"', "[0]", 0.5, 1.0, None, 1, 2),
            (3, 0, "q-airway", "airway", "[1,0]", None, None, 0.0, 1.0, None, 0, 1),
            (3, 1, "q-burns", "Burns", "[0,1]", None, None, 0.0, 1.0, None, 0, 1),
            (4, 0, "q-burns", "Burns", "[0,1]", '"A"', "[0]", 1.0, 1.0, None, 1, 1),
            (4, 1, "q-airway", "airway", "[0,1]", '"B"', "[1]", 0.25, 1.0, None, 1, 1),
            # Points whose sum depends on how it is added: 0.6 in SQLite,
            # 0.6000000000000001 added naively.
            (5, 0, "q-cpr", "CPR", "[0,1]", '"A"', "[0]", 0.1, 1.0, T6, 0, 1),
            (5, 1, "q-burns", "CPR", "[0,1]", '"A"', "[0]", 0.2, 1.0, T6, 0, 1),
            (5, 2, "q-airway", "CPR", "[0,1]", '"A"', "[0]", 0.3, 1.0, T6, 0, 1),
        ],
    ),
    "regrades": (
        "attempt_id, replaced_at, score, max_score, responses",
        [(2, T6, 0.25, 2.0, '[null,"B"]'), (2, T5, 1.0, 2.0, '["A","B"]')],
    ),
    "memory": (
        "learner, question_id, stability, difficulty, due, last_review, reps, lapses, phase,"
        " elapsed_days, scheduled_days, revision",
        [
            ("Ana", "q-airway", 2.5, 5.0, T6, T2, 1, 0, "review", 0, 3, 1),
            ("Ana", "q-cpr", 0.5, 6.5, T4, T2, 1, 1, "learning", 0, 0, 2),
            ("Ana", "q-burns", 0.5, 6.5, T4, T2, 1, 1, "relearning", 0, 0, 1),
            ("bea", "q-burns", 1.0, 5.5, T5, T3, 2, 0, "review", 1, 2, 1),
        ],
    ),
    "reviews": (
        "id, learner, question_id, topic, attempt_id, rating, credit, reviewed_at, due_after, revision",
        [
            (1, "Ana", "q-airway", "airway", 1, "good", 1.0, T1, T6, 1),
            (2, "Ana", "q-cpr", "CPR", 1, "hard", 0.5, T1, T4, 2),
            (3, "bea", "q-burns", "Burns", None, "again", 0.0, T3, T5, 1),
        ],
    ),
    "attempt_topics": (
        "attempt_id, topic, score, max_score",
        [
            (1, "airway", 1.0, 1.0), (1, "CPR", 0.5, 1.0),
            (2, "Burns", 0.0, 1.0), (2, "CPR", 0.5, 1.0),
            (3, "airway", 0.0, 1.0), (3, "Burns", 0.0, 1.0),
            (4, "Burns", 1.0, 1.0), (4, "airway", 0.0, 1.0),
            (5, "CPR", 0.0, 3.0),
        ],
    ),
    "question_keys": (
        "key, question_id, topic, revision, critical",
        [(1, "q-airway", "airway", 1, 0), (2, "q-cpr", "CPR", 2, 1), (3, "q-burns", "Burns", 1, 1),
         (4, "q-cpr", "CPR", 1, 0)],
    ),
    "attempt_items": (
        "attempt_id, items",
        [(1, b"\x00\x01ab"), (2, b"\xffcd"), (4, b"ef")],
    ),
    "learners": ("key, name", [("ana", "Ana"), ("bea", "bea"), ("zoë", "Zoë")]),
    "web_sessions": (
        "id_hash, learner, csrf, created_at",
        [("h1", "Ana", "c1", T1), ("h2", "bea", "c2", T3)],
    ),
    "web_attempts": (
        "attempt_id, session_hash, kind, flagged, rated",
        [(3, "h1", "quiz", "[1]", "[]"), (1, "h1", "study", "[]", "[0]")],
    ),
    "rooms": (
        "code, exam_id, title, plan, opened_at, closed_at",
        [("ABCD", "exam-1", "Final", "{}", T4, None), ("WXYZ", "room-WXYZ-1", "Quiz", "{}", T4, T6),
         ("abcd", "exam-2", "Later", "{}", T4, None)],
    ),
    "room_learners": (
        "room_code, learner, attempt_id, version, joined_at",
        [("ABCD", "bea", 3, "A", T5), ("ABCD", "Zoë", 4, "B", T5), ("ABCD", "Ana", 2, "A", T4)],
    ),
    "instructor_sessions": ("id_hash, csrf, created_at", [("ih", "ic", T1)]),
}

FILTERS = [
    (None, None, None, None, None),
    ("Ana", None, None, None, None),
    (None, "exam-1", None, None, None),
    ("Zoë", "exam-1", None, None, None),
    (None, None, "CPR", None, None),
    (None, None, None, "2026-01-02T10:30:00.000000000Z", T5),
    ("nobody", None, None, None, None),
]

# Arguments per statement; each tuple is one run.
ARGS = {
    "attempt_items/add_key.sql": [("q-new", "airway", 1, 0), ("q-cpr", "CPR", 2, 1)],
    "attempt_items/delete_for_attempt.sql": [(1,)],
    "attempt_items/for_attempt.sql": [(1,), (2,), (3,)],
    "attempt_items/insert.sql": [(3, b"gh")],
    "attempt_items/key_of.sql": [("q-cpr", "CPR", 2, 1), ("q-cpr", "CPR", 2, 0)],
    "attempt_items/replace.sql": [(1, b"zz")],
    "attempt_topics/delete_for_attempt.sql": [(1,)],
    "attempt_topics/insert.sql": [(3, "CPR", 0.0, 1.0)],
    "attempt_topics/rescore.sql": [(4, 1), (1, 0), (5, 0)],
    "attempts/by_id.sql": [(2,), (99,)],
    "attempts/finish.sql": [(3, "completed", T6)],
    "attempts/for_learner.sql": [("Ana",), ("bea",)],
    "attempts/insert.sql": [
        (10, "Cy", "study", -1, "{}", "[]", T6, None, None, 0.5, "abandoned", 0.0, 3.0, None, 0, "[]", None, None),
        (11, "Cy", "exam", 1, '{"exam":{"title":"Retake","version":"C"}}', "[]", T6, T6, 60, 0.5, "completed",
         1.0, 3.0, "exam-2", 1, '["q"]', "Retake", "C"),
    ],
    "attempts/reserve_ids.sql": [(3,), (1,), (0,)],
    "attempts/question_count.sql": [(2,), (99,)],
    "attempts/rescore.sql": [(1,), (2,), (3,), (4,), (5,)],
    "exams/attempts.sql": [("exam-1",), ("none",)],
    "exams/earlier_grades.sql": [(2,)],
    "exams/one.sql": [(2,), (4,)],
    "exams/of_ids.sql": [("[2, 4, 99]",), ("[]",)],
    "exams/regrade.sql": [(2, T6, 1.0, 2.0, "[]")],
    "exams/regraded.sql": [
        (2, 1.0, 2.0, "completed", T6, '{"exam":{"title":"Final","version":"B"}}', "[]", "Final", "B"),
    ],
    "exams/of_learners.sql": [("exam-1", '["Ana", "Zoë", "nobody"]'), ("exam-1", "[]"), ("none", '["Ana"]')],
    "learners/register.sql": [("cy", "Cy"), ("ana", "ANA")],
    "learners/spelling.sql": [("ana",), ("nobody",)],
    "learners/spellings.sql": [('["ana", "nobody", "zoë"]',), ("[]",)],
    "memory/due.sql": [("Ana", T5), ("bea", T1)],
    "memory/for_learner.sql": [("Ana",)],
    "memory/for_learners.sql": [('["Ana", "Zoë", "nobody"]',), ("[]",)],
    "memory/one.sql": [("Ana", "q-cpr"), ("Ana", "q-none")],
    "memory/insert.sql": [("Cy", "q-cpr", 3.5, 4.5, T6, T5, 1, 0, "learning", 0, 0, 1)],
    "memory/upsert.sql": [
        ("Ana", "q-cpr", 3.5, 4.5, T6, T5, 2, 1, "review", 1, 4, 2),
        ("Cy", "q-cpr", 3.5, 4.5, T6, T5, 1, 0, "learning", 0, 0, 1),
    ],
    "reports/catalog.sql": [()],
    "reports/any.sql": FILTERS,
    "reports/count.sql": FILTERS,
    "reports/filtered_topics.sql": FILTERS,
    "reports/stream_items.sql": FILTERS,
    "reports/stream_questions.sql": FILTERS,
    "reports/topics.sql": [()],
    "responses/answer.sql": [(3, 1, '"B"', "[1]", 1.0, T6)],
    "responses/delete_for_attempt.sql": [(3,)],
    "responses/for_attempt.sql": [(1,), (2,)],
    "responses/insert.sql": [(3, 2, "q-cpr", "CPR", "[0,1]", None, None, 0.0, 1.0, None, 1, 2)],
    "reviews/for_learner.sql": [("Ana",)],
    "reviews/insert.sql": [("Ana", "q-burns", "Burns", None, "easy", 1.0, T6, T6, 1)],
    "reviews/rerate.sql": [(1, "again", T5)],
    "rooms/add_learner.sql": [("WXYZ", "Cy", 1, None, T6)],
    "rooms/all.sql": [()],
    "rooms/close.sql": [("ABCD", T6), ("WXYZ", T5)],
    "rooms/create_instructor_session.sql": [("ih2", "c", T6)],
    "rooms/exam_attempt.sql": [("exam-1",)],
    "rooms/extend.sql": [(3, 60), (1, 60)],
    "rooms/instructor_session.sql": [("ih",), ("none",)],
    "rooms/learners.sql": [("ABCD",)],
    "rooms/move_attempt.sql": [(3, "h2")],
    "rooms/open.sql": [("EFGH", "exam-3", "T", "{}", T6)],
    "rooms/room.sql": [("ABCD",)],
    "web/attempt.sql": [(3,)],
    "web/create_session.sql": [("h3", "Cy", "c3", T6)],
    "web/for_session.sql": [("h1",)],
    "web/link.sql": [(4, "h1", "quiz")],
    "web/open_timed.sql": [()],
    "web/session.sql": [("h1",)],
    "web/set_flagged.sql": [(3, "[0]")],
    "web/set_rated.sql": [(1, "[1]")],
}

# PostgreSQL only, prepared and described but not compared with SQLite.
PG_ONLY = ["migrations/postgres/identify.sql", "migrations/postgres/sequences.pg.sql"]

NULL = "<NULL>"
FIELD = "\x1f"


def to_dollars(sql):
    """`?N` to `$N`, outside string literals, quoted names and comments."""
    token = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*|/\*.*?\*/|\?(\d+)", re.S)
    return token.sub(lambda m: "$" + m.group(1) if m.group(1) else m.group(0), sql)


def narrowed(sql, name, args):
    if name not in NARROWED:
        return sql
    if args[0] is not None:
        old, new = BY_LEARNER
    elif args[1] is not None:
        old, new = BY_EXAM
    else:
        return sql
    if old not in sql:
        raise SystemExit(f"{name}: the filter reports/mod.rs narrows, {old!r}, is not in the text")
    return sql.replace(old, new)


def literal(value):
    """A value as PostgreSQL SQL."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        raise TypeError("no booleans in the store")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return "'\\x" + value.hex() + "'::bytea"
    return "'" + value.replace("'", "''") + "'"


def shown(value):
    """A SQLite value as psql shows the PostgreSQL one."""
    if value is None:
        return NULL
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return str(value)


class Postgres:
    def __init__(self, url):
        self.url = url

    def run(self, script, check=True):
        result = subprocess.run(
            ["psql", "--no-psqlrc", "--quiet", "--no-align", "--tuples-only",
             f"--field-separator={FIELD}",
             "--pset=null=" + NULL, "--set=ON_ERROR_STOP=1", "--dbname", self.url],
            input=script, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(result.stderr.strip())
        return result

    def rows(self, script):
        out = self.run(script).stdout
        return [tuple(r.split(FIELD)) for r in out.splitlines() if r]


def with_db(url, name):
    """The URL of another database on the same server (a later dbname wins)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}dbname={name}"


class KbnSum:
    """sum() as SQLite 3.43 and later add REAL values (Kahan-Babuska-Neumaier,
    sumStep in sqlite3.c), for a Python whose SQLite is older than the one
    aidquiz bundles: the scores it adds up must be the same doubles."""

    def __init__(self):
        self.count, self.integer, self.approx = 0, 0, False
        self.total, self.error = 0.0, 0.0

    def _add(self, x):
        t = self.total + x
        if abs(self.total) > abs(x):
            self.error += (self.total - t) + x
        else:
            self.error += (x - t) + self.total
        self.total = t

    def step(self, value):
        if value is None:
            return
        self.count += 1
        if not self.approx and isinstance(value, int):
            self.integer += value
            return
        if not self.approx:
            self.approx, self.total, self.error = True, float(self.integer), 0.0
        self._add(float(value))

    def finalize(self):
        if self.count == 0:
            return None
        if not self.approx:
            return self.integer
        return self.total + self.error if math.isfinite(self.error) else self.total


def sqlite_schema():
    """An empty SQLite store at the current version, as aidquiz makes one."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    if sqlite3.sqlite_version_info < (3, 43, 0):
        db.create_aggregate("sum", 1, KbnSum)
    for path in sorted(MIGRATIONS.glob("0*.sql")):
        db.executescript(path.read_text())
    return db


def schema_of_sqlite(db):
    """The schema as lines that PG_SCHEMA gives for PostgreSQL's."""
    types = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text", "BLOB": "bytea"}
    lines = set()
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        for cid, name, type_, notnull, default, pk in db.execute(f"PRAGMA table_info({table})"):
            lines.add(f"column {table} {cid} {name} {types[type_]} notnull={int(bool(notnull or pk))}"
                      f" default={default} pk={pk}")
        for _, name, unique, origin, partial in db.execute(f"PRAGMA index_list({table})"):
            if origin == "pk":
                continue
            cols = ",".join(r[2] for r in db.execute(f"PRAGMA index_info({name})"))
            lines.add(f"index {table} ({cols}) unique={unique} partial={partial}")
        for row in db.execute(f"PRAGMA foreign_key_list({table})"):
            lines.add(f"foreign {table}.{row[3]} -> {row[2]}.{row[4]}")
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        lines.add(f"checks {table} {sql.count('CHECK (')}")
    return lines


PG_SCHEMA = r"""
SELECT 'column ' || c.table_name || ' ' || (c.ordinal_position - 1) || ' ' || c.column_name || ' '
    || c.data_type || ' notnull=' || CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END
    || ' default=' || coalesce(regexp_replace(c.column_default, '::text$', ''), 'None')
    || ' pk=' || coalesce((
        SELECT array_position(k.conkey, CAST(c.ordinal_position AS smallint))
        FROM pg_constraint AS k
        WHERE k.conrelid = to_regclass(c.table_name) AND k.contype = 'p'), 0)
FROM information_schema.columns AS c
WHERE c.table_schema = current_schema() AND c.table_name <> 'aidquiz_schema';
SELECT 'index ' || t.relname || ' (' || (
        SELECT string_agg(a.attname, ',' ORDER BY k.n)
        FROM unnest(CAST(i.indkey AS smallint[])) WITH ORDINALITY AS k (attnum, n)
        JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum)
    || ') unique=' || CASE WHEN i.indisunique THEN 1 ELSE 0 END
    || ' partial=' || CASE WHEN i.indpred IS NULL THEN 0 ELSE 1 END
FROM pg_index AS i
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND NOT i.indisprimary AND t.relname <> 'aidquiz_schema';
SELECT 'foreign ' || t.relname || '.' || a.attname || ' -> ' || r.relname || '.' || ra.attname
FROM pg_constraint AS k
JOIN pg_class AS t ON t.oid = k.conrelid
JOIN pg_class AS r ON r.oid = k.confrelid
JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.conkey[1]
JOIN pg_attribute AS ra ON ra.attrelid = r.oid AND ra.attnum = k.confkey[1]
WHERE k.contype = 'f';
SELECT 'checks ' || t.relname || ' ' || count(k.oid)
FROM pg_class AS t
JOIN pg_namespace AS n ON n.oid = t.relnamespace
LEFT JOIN pg_constraint AS k ON k.conrelid = t.oid AND k.contype = 'c'
WHERE n.nspname = current_schema() AND t.relkind = 'r' AND t.relname <> 'aidquiz_schema'
GROUP BY t.relname;
"""

PG_NOT_C = r"""
SELECT table_name || '.' || column_name || ' ' || coalesce(collation_name, 'default')
FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C';
"""

PG_IDENTITIES = r"""
SELECT table_name || '.' || column_name
FROM information_schema.columns
WHERE table_schema = current_schema() AND is_identity = 'YES'
ORDER BY 1;
"""


def statement_files():
    """(name, SQLite text, PostgreSQL text) of every statement both run."""
    for path in sorted(STORE.rglob("*.sql")):
        name = path.relative_to(STORE).as_posix()
        if name.startswith("migrations/") or name.endswith(".pg.sql") or name in SQLITE_ONLY:
            continue
        pg = path.with_name(path.name[: -len(".sql")] + ".pg.sql")
        yield name, path.read_text(), (pg.read_text() if pg.exists() else path.read_text())


def unused_pg_texts():
    """NAME.pg.sql files that no `sql!("NAME.sql", pg = "NAME.pg.sql")` in the
    module beside them names: PostgreSQL would run NAME.sql instead."""
    unused = []
    for path in sorted(STORE.rglob("*.pg.sql")):
        if path.parent == PG_MIGRATIONS:
            continue
        rust = "".join(p.read_text() for p in path.parent.glob("*.rs"))
        if not re.search(r'pg\s*=\s*"' + re.escape(path.name) + '"', rust):
            unused.append(path.relative_to(STORE).as_posix())
    return unused


def first_word(sql):
    """The statement's verb, past its comments."""
    body = re.sub(r"--[^\n]*", "", sql).strip()
    return body.split(None, 1)[0].upper() if body else ""


def describe(pg, text):
    """Parameter types and result columns (name, type) of a statement."""
    sql = to_dollars(text).strip().rstrip(";")
    rows = pg.rows(f"PREPARE s AS {sql};\n"
                   "SELECT 'parameters:' || array_to_string(CAST(parameter_types AS text[]), ',')"
                   " FROM pg_prepared_statements WHERE name = 's';\n"
                   f"{sql}\n\\gdesc\n")
    params = [p for p in rows[0][0].removeprefix("parameters:").split(",") if p]
    # \gdesc prints a sentence, not rows, for a statement with no result.
    return params, [row for row in rows[1:] if len(row) == 2]


def pg_run(pg, text, args, writes):
    """The statement's rows and, when it writes, every table's, by section."""
    sql = to_dollars(text).strip().rstrip(";")
    execute = f"EXECUTE s ({', '.join(literal(a) for a in args)})" if args else "EXECUTE s"
    # Sequences are not rolled back: moved back past the sample's ids first.
    sequences = (PG_MIGRATIONS / "sequences.pg.sql").read_text()
    script = [f"BEGIN;\n{sequences};\nPREPARE s AS {sql};\n\\echo @@result\n{execute};"]
    if writes:
        for table in SAMPLE:
            script.append(f"\\echo @@{table}\nSELECT * FROM {table};")
    script.append("ROLLBACK;")
    return split_sections(pg.run("\n".join(script) + "\n").stdout)


def split_sections(out):
    """psql's output cut at the `@@name` lines the script echoes."""
    sections, current = {}, None
    for chunk in re.split(r"(@@\w+)\n", out):
        if chunk.startswith("@@"):
            current = chunk[2:]
            sections[current] = []
        elif current is not None:
            sections[current] += [tuple(r.split(FIELD)) for r in chunk.splitlines() if r]
    return sections


def sqlite_run(db, text, args, writes):
    """As pg_run, on SQLite, values shown as psql shows PostgreSQL's."""
    db.execute("BEGIN")
    try:
        sections = {"result": [tuple(shown(v) for v in row) for row in db.execute(text, args)]}
        if writes:
            for table in SAMPLE:
                sections[table] = [tuple(shown(v) for v in row) for row in db.execute(f"SELECT * FROM {table}")]
    finally:
        db.execute("ROLLBACK")
    return sections


def load_sample_sqlite(db):
    for table, (columns, rows) in SAMPLE.items():
        marks = ", ".join("?" for _ in columns.split(","))
        db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def sample_pg_script():
    lines = []
    for table, (columns, rows) in SAMPLE.items():
        values = ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
        lines.append(f"INSERT INTO {table} ({columns}) VALUES\n{values};")
    return "\n".join(lines) + "\n" + (PG_MIGRATIONS / "sequences.pg.sql").read_text() + ";\n"


def main():
    verbose = "-v" in sys.argv[1:]
    problems = []
    base = os.environ.get("AIDQUIZ_TEST_POSTGRES")
    throwaway = None
    if not base:
        throwaway = tempfile.mkdtemp(prefix="aidquiz-pg.", dir="/tmp")
        base = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", throwaway],
                              capture_output=True, text=True, check=True).stdout.strip()
        print(f"AIDQUIZ_TEST_POSTGRES is not set: started a throwaway PostgreSQL ({base})")
    scratch = f"aidquiz_check_sql_{os.getpid()}"
    admin = Postgres(base)
    admin.run(f"CREATE DATABASE {scratch};")
    try:
        pg = Postgres(with_db(base, scratch))
        for path in sorted(PG_MIGRATIONS.glob("0*.sql")):
            try:
                pg.run("BEGIN;\n" + path.read_text() + "\nCOMMIT;\n")
            except RuntimeError as error:
                raise SystemExit(f"{path.relative_to(ROOT)}: {error}")

        # 1. The schema.
        lite = sqlite_schema()
        theirs = schema_of_sqlite(lite)
        ours = {r[0] for r in pg.rows(PG_SCHEMA)}
        for line in sorted(theirs - ours):
            problems.append(f"schema: SQLite has, PostgreSQL lacks: {line}")
        for line in sorted(ours - theirs):
            problems.append(f"schema: PostgreSQL has, SQLite lacks: {line}")
        for (column,) in pg.rows(PG_NOT_C):
            problems.append(f"schema: {column}: a text column without COLLATE \"C\"")
        identities = [r[0] for r in pg.rows(PG_IDENTITIES)]
        if identities != ["attempts.id", "question_keys.key", "reviews.id"]:
            problems.append(f"schema: identity columns are {identities}")
        print(f"schema: {len(ours)} facts compared with SQLite's")

        # 2 and 3. The statements.
        pg.run(sample_pg_script())
        load_sample_sqlite(lite)
        runs = 0
        names = []
        for name, lite_text, pg_text in statement_files():
            names.append(name)
            try:
                params, columns = describe(pg, pg_text)
            except RuntimeError as error:
                problems.append(f"{name}: PostgreSQL cannot prepare it: {error}")
                continue
            if verbose:
                print(f"{name}: ({', '.join(params)}) -> {', '.join(f'{c} {t}' for c, t in columns)}")
            for column, type_ in columns:
                if type_ not in READABLE:
                    problems.append(f"{name}: column {column} is {type_}, which the seam does not read")
            if name not in ARGS:
                problems.append(f"{name}: no sample arguments in {Path(__file__).name} (ARGS)")
                continue
            writes = first_word(lite_text) in {"INSERT", "UPDATE", "DELETE"}
            ordered = "ORDER BY" in lite_text.upper()
            for args in ARGS[name]:
                if len(args) != len(params):
                    problems.append(f"{name}: {len(args)} sample arguments for {len(params)} parameters")
                    continue
                runs += 1
                try:
                    got = pg_run(pg, narrowed(pg_text, name, args), args, writes)
                except RuntimeError as error:
                    problems.append(f"{name} {args}: PostgreSQL: {error}")
                    continue
                try:
                    want = sqlite_run(lite, narrowed(lite_text, name, args), args, writes)
                except sqlite3.Error as error:
                    problems.append(f"{name} {args}: SQLite: {error}")
                    continue
                for section, rows in want.items():
                    theirs_rows, ours_rows = rows, got.get(section, [])
                    if section != "result" or not ordered:
                        theirs_rows, ours_rows = sorted(theirs_rows), sorted(ours_rows)
                    if theirs_rows != ours_rows:
                        problems.append(f"{name} {args}: {section} differs\n"
                                        f"    SQLite:     {theirs_rows}\n    PostgreSQL: {ours_rows}")
        for name in PG_ONLY:
            try:
                params, columns = describe(pg, (STORE / name).read_text())
            except RuntimeError as error:
                problems.append(f"{name}: PostgreSQL cannot prepare it: {error}")
                continue
            for column, type_ in columns:
                if type_ not in READABLE:
                    problems.append(f"{name}: column {column} is {type_}, which the seam does not read")
        for name in ARGS:
            if name not in names:
                problems.append(f"{name}: in ARGS but no such statement")
        print(f"statements: {len(names)} prepared on PostgreSQL, {runs} runs compared with SQLite")
        for name in unused_pg_texts():
            print(f"warning: {name} is checked here, but no sql!(…, pg = …) beside it names it, "
                  "so the store runs the SQLite text on PostgreSQL", file=sys.stderr)
    finally:
        admin.run(f"DROP DATABASE IF EXISTS {scratch};", check=False)
        if throwaway:
            subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", throwaway], capture_output=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
