"""Store keys: a document is known by its path below the batch root and its content, never by its name alone.

Schema 1 keyed ``node_documents.document`` by the file's base name, so ``a/x.md`` and ``b/x.md``
were one document in every GROUP BY; stores written by it are migrated on open.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from argmap.batch import run_batch
from argmap.errors import StoreError
from argmap.store import SCHEMA_VERSION, Store, document_key, query

from conftest import FIXTURES, as_store_schema_4

ONE = "# Trains\n\nThe city should build a tram line. Buses are full every morning.\n"
TWO = "# Parks\n\nThe council must plant more trees. Summers are hotter than they were.\n"


def test_two_files_with_one_name_stay_two_documents(tmp_path: Path):
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "x.md").write_text(ONE, encoding="utf-8")
    (root / "b" / "x.md").write_text(TWO, encoding="utf-8")
    db = tmp_path / "maps.sqlite"
    # the rules' deontic cue makes each text's recommendation
    report = run_batch([root], tmp_path / "out", jobs=1, db=db, rules_only=True)
    assert [r.status for r in report.results] == ["done", "done"]
    grouped = query(db, "SELECT document, count(*), group_concat(text, ' | ') FROM node_documents "
                        "WHERE type = 'recommendation' GROUP BY document ORDER BY document").rows
    assert len(grouped) == 2
    assert [row[0].split("@")[0] for row in grouped] == ["a/x.md", "b/x.md"]
    assert "tram" in grouped[0][2] and "trees" not in grouped[0][2]
    assert "trees" in grouped[1][2] and "tram" not in grouped[1][2]


def test_the_key_holds_the_relative_path_and_the_content_hash(tmp_path: Path, seed_map):
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a/x.md", relpath="a/x.md", sha256="ab" * 32)
        store.put(seed_map, path="/corpus/b/x.md", relpath="b/x.md", sha256="cd" * 32)
        # the same relative path and content from another batch root: still a document of its own
        store.put(seed_map, path="/elsewhere/a/x.md", relpath="a/x.md", sha256="ab" * 32)
        # mapping a file again replaces it, under its new key
        store.put(seed_map, path="/corpus/b/x.md", relpath="b/x.md", sha256="ef" * 32)
    keys = [r[0] for r in query(db, "SELECT key FROM documents ORDER BY id").rows]
    assert keys == [document_key("a/x.md", "ab" * 32), document_key("a/x.md", "ab" * 32) + "#2",
                    document_key("b/x.md", "ef" * 32)]
    assert keys[0] == "a/x.md@" + "ab" * 6
    per_document = query(db, "SELECT document, count(*) FROM node_documents GROUP BY document").rows
    assert sorted(n for _, n in per_document) == [len(seed_map.nodes)] * 3


def _v1_store(path: Path, seed_map) -> None:
    """A store as argmap wrote it before keys: two documents named x.md in two folders."""
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "store-v1.sql").read_text(encoding="utf-8"))
    conn.execute("INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00+00:00')")
    for doc_id, (folder, sha) in enumerate([("a", "11" * 32), ("b", "22" * 32), ("c", None)], start=1):
        conn.execute("INSERT INTO documents (id, path, relpath, name, metadata, settings, sha256, n_nodes, n_edges, "
                     "outputs, analyzed_at, source_text) VALUES (?, ?, ?, 'x.md', '{}', '{}', ?, ?, 0, '[]', '', ?)",
                     (doc_id, f"/corpus/{folder}/x.md", None if folder == "c" else f"{folder}/x.md", sha,
                      len(seed_map.nodes), seed_map.source_text))
        conn.executemany("INSERT INTO nodes (document_id, node_id, seq, type, text, section, hedged, citations, markers) "
                         "VALUES (?, ?, ?, ?, ?, '', 0, '[]', '[]')",
                         [(doc_id, n.id, i, str(n.type), n.text) for i, n in enumerate(seed_map.nodes)])
    conn.commit()
    conn.close()


def test_a_store_of_schema_1_is_migrated_with_its_data(tmp_path: Path, seed_map):
    db = tmp_path / "old.sqlite"
    _v1_store(db, seed_map)
    before = query(db, "SELECT document, count(*) FROM node_documents GROUP BY document").rows
    assert before == [("x.md", 3 * len(seed_map.nodes))]  # what schema 1 did: three briefs as one
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
    after = dict(query(db, "SELECT document, count(*) FROM node_documents GROUP BY document").rows)
    assert after == {"a/x.md@" + "11" * 6: len(seed_map.nodes), "b/x.md@" + "22" * 6: len(seed_map.nodes),
                     "x.md": len(seed_map.nodes)}
    assert query(db, "SELECT count(*) FROM nodes").rows == [(3 * len(seed_map.nodes),)]
    versions = [r[0] for r in query(db, "SELECT version FROM schema_version ORDER BY rowid").rows]
    assert versions == [1, SCHEMA_VERSION]
    with Store(db) as store:  # reopening does nothing more, and new documents get keys as usual
        store.put(seed_map, path="/corpus/d/x.md", relpath="d/x.md", sha256="33" * 32)
    assert query(db, "SELECT count(*) FROM documents WHERE key IS NOT NULL").rows == [(4,)]
    schema = json.dumps(query(db, "SELECT sql FROM sqlite_master").rows)
    assert "documents_key" in schema and "nodes_document_type" in schema


def test_a_migration_that_fails_leaves_the_old_store_as_it_was(tmp_path: Path, seed_map):
    db = tmp_path / "old.sqlite"
    _v1_store(db, seed_map)
    conn = sqlite3.connect(db)  # an index of the user's own, under the name the migration gives its new one
    conn.execute("CREATE INDEX documents_key ON nodes(text)")
    conn.commit()
    conn.close()
    original = db.read_bytes()
    with pytest.raises(StoreError, match="cannot migrate .* from schema 1 .* left as it was"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "key" not in [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == 3 * len(seed_map.nodes)
    conn.close()
    assert len(original) > 0
    with pytest.raises(StoreError, match="cannot migrate"):  # and says so again, without harm, next time
        Store(db)


def test_a_store_of_schema_2_gets_the_index_only_joins_and_keeps_its_data(tmp_path: Path, seed_map):
    db = tmp_path / "v2.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
    as_store_schema_4(db)
    conn = sqlite3.connect(db)  # as schema 2 left it: the edge index by source without the target
    conn.executescript("DROP INDEX edges_source_target; DROP INDEX provenance_spans; DROP INDEX documents_relpath;"
                       "CREATE INDEX edges_source ON edges(source, document_id); PRAGMA user_version = 2;")
    conn.close()
    rows = query(db, "SELECT node_id, text FROM nodes ORDER BY seq").rows
    spans = query(db, "SELECT * FROM provenance ORDER BY document_id, node_id, seq").rows
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
    names = {r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'index'").rows}
    assert {"edges_source_target", "documents_relpath"} <= names and "edges_source" not in names
    assert query(db, "SELECT node_id, text FROM nodes ORDER BY seq").rows == rows
    assert query(db, "SELECT * FROM provenance ORDER BY document_id, node_id, seq").rows == spans != []


def test_a_store_of_schema_4_gets_its_spans_keyed_by_node_and_keeps_its_data(tmp_path: Path, seed_map):
    """Schema 5: a span is one entry of a table keyed by its node (no rowid, no index of its own), and the
    edge index by target is gone; the rows, the kept answers and new documents are as before."""
    db = tmp_path / "v4.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
        store.put(seed_map, path="/corpus/b.md", relpath="b.md", sha256="22" * 32)
    every = {table: query(db, f"SELECT * FROM {table} ORDER BY 1, 2, 3").rows
             for table in ("documents", "nodes", "edges", "provenance", "type_counts", "evidence_links")}
    as_store_schema_4(db)
    schema = {r[0]: r[1] for r in query(db, "SELECT name, sql FROM sqlite_master").rows}
    assert "provenance_spans" in schema and "edges_target" in schema and "WITHOUT ROWID" not in schema["provenance"]
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION == 5
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    schema = {r[0]: r[1] for r in query(db, "SELECT name, sql FROM sqlite_master").rows}
    assert "WITHOUT ROWID" in schema["provenance"] and "provenance_5" not in schema
    assert "provenance_spans" not in schema and "edges_target" not in schema
    assert {table: query(db, f"SELECT * FROM {table} ORDER BY 1, 2, 3").rows for table in every} == every
    assert [r[0] for r in query(db, "SELECT version FROM schema_version ORDER BY rowid").rows][-1] == 5
    with Store(db) as store:  # replacing a document still takes its spans with it
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="33" * 32)
    assert query(db, "SELECT count(*) FROM provenance").rows == [(len(every["provenance"]),)]
    assert query(db, "SELECT count(DISTINCT document_id) FROM provenance").rows == [(2,)]


def test_a_migration_to_schema_5_that_fails_leaves_the_store_of_schema_4_as_it_was(tmp_path: Path, seed_map):
    db = tmp_path / "v4.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
    as_store_schema_4(db)
    conn = sqlite3.connect(db)  # a table of the user's own, under the name the migration builds the new one in
    conn.execute("CREATE TABLE provenance_5 (x)")
    conn.commit()
    before = conn.execute("SELECT * FROM provenance ORDER BY rowid").fetchall()
    conn.close()
    with pytest.raises(StoreError, match="cannot migrate .* from schema 4 .* left as it was"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    assert conn.execute("SELECT * FROM provenance ORDER BY rowid").fetchall() == before != []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_the_documented_evidence_question_reads_edges_and_spans_from_indexes_alone(tmp_path: Path, seed_map):
    """docs/store.md's join of evidence, claims and spans: no table row per edge or span (at 100,000 maps
    those lookups were most of its time)."""
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "store.md").read_text(encoding="utf-8")
    sql = doc[doc.index("SELECT d.key, e.source, p.start"):]
    sql = sql[:sql.index(";")]
    plan = " / ".join(r[3] for r in query(db, "EXPLAIN QUERY PLAN " + sql).rows)
    # the spans are a table keyed by node, without rowids: its key is the index, and holds the offsets
    assert "SEARCH e USING COVERING INDEX" in plan and "SEARCH p USING PRIMARY KEY" in plan, plan
    assert "WITHOUT ROWID" in query(db, "SELECT sql FROM sqlite_master WHERE name = 'provenance'").rows[0][0]
    assert len(query(db, sql).rows) > 0


def test_a_store_opened_by_several_processes_at_once_is_migrated_once(tmp_path: Path, seed_map):
    """Each opener takes the write lock before it reads the version again: the first migrates, the
    others wait and find the store migrated (a second migration of schema 1 would fail)."""
    from concurrent.futures import ThreadPoolExecutor

    db = tmp_path / "old.sqlite"
    _v1_store(db, seed_map)

    def open_store(_):
        with Store(db) as store:
            return store.version

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_store, range(4))) == [SCHEMA_VERSION] * 4
    assert [r[0] for r in query(db, "SELECT version FROM schema_version ORDER BY rowid").rows] == [1, SCHEMA_VERSION]



class _BusyThenFree:
    """A connection whose journal switch is refused as locked ``busy`` times, then made."""

    def __init__(self, busy: int, message: str = "database is locked"):
        self.busy, self.message, self.calls = busy, message, 0

    def execute(self, sql):
        self.calls += 1
        if self.calls <= self.busy:
            raise sqlite3.OperationalError(self.message)
        return None


def test_theswitch_to_wal_waits_out_a_lock_sqlite_reports_without_its_busy_handler():
    from argmap.store import switch_to_wal

    conn = _BusyThenFree(busy=3)
    switch_to_wal(conn)
    assert conn.calls == 4


def test_theswitch_to_wal_gives_up_at_once_on_other_errors_and_after_its_deadline():
    from argmap.store import switch_to_wal

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        switch_to_wal(_BusyThenFree(busy=5, message="disk I/O error"))
    forever = _BusyThenFree(busy=10**9)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switch_to_wal(forever, seconds=0.05)
    assert forever.calls >= 2
