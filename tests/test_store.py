"""The SQLite store: its versioned schema, replacing a document, and read-only queries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from argmap.errors import InputNotFound, StoreError
from argmap.store import SCHEMA_VERSION, Store, query

TABLES = {"schema_version", "documents", "nodes", "edges", "provenance", "set_aside", "failures"}


def test_a_new_store_has_the_documented_schema(tmp_path: Path):
    db = tmp_path / "maps.sqlite"
    Store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert TABLES <= names
    doc = (Path(__file__).resolve().parent.parent / "docs" / "store.md").read_text(encoding="utf-8")
    for table in TABLES | {"node_documents"}:
        assert f"`{table}`" in doc, f"docs/store.md does not describe {table}"
    for column in [r[1] for r in conn.execute("PRAGMA table_info(nodes)")]:
        assert f"`{column}`" in doc, f"docs/store.md does not describe nodes.{column}"


def test_reopening_keeps_the_data_and_newer_or_foreign_databases_are_refused(tmp_path: Path, seed_map):
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/a.md")
    with Store(db) as store:
        assert store.has("/a.md") and not store.has("/b.md")
        store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an argmap store"):
        Store(other)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all, just some bytes" * 20)
    with pytest.raises(StoreError):
        Store(junk)


def test_putting_a_document_again_replaces_it(tmp_path: Path, seed_map):
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/a.md", sha256="1")
        store.put(seed_map, path="/a.md", sha256="2")
        store.put_failure("/b.md", "boom", 4)
        assert store.has("/a.md", sha256="2") and not store.has("/a.md", sha256="1")
    result = query(db, "SELECT count(*) AS documents, (SELECT count(*) FROM nodes) AS nodes FROM documents")
    assert result.records() == [{"documents": 1, "nodes": len(seed_map.nodes)}]


def test_query_answers_across_the_corpus_and_never_writes(tmp_path: Path, seed_rules_map):
    seed_map = seed_rules_map  # the rules type the sanctions sentence a recommendation, as the reference does
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/a.md")
    found = query(db, "SELECT document, document_date, text FROM node_documents "
                      "WHERE type = 'recommendation' AND text LIKE ? ORDER BY seq", ["%sanction%"])
    assert found.columns == ["document", "document_date", "text"]
    assert found.rows and all("sanction" in row[2].lower() for row in found.rows)
    assert found.rows[0][1] == seed_map.metadata.date
    with pytest.raises(StoreError, match="readonly|read-only"):
        query(db, "DELETE FROM nodes")
    with pytest.raises(StoreError, match="query failed"):
        query(db, "SELECT nothing FROM nowhere")
    with pytest.raises(InputNotFound):
        query(tmp_path / "absent.sqlite", "SELECT 1")
    assert query(db, "SELECT count(*) FROM nodes").rows == [(len(seed_map.nodes),)]
