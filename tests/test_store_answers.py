"""The answers the store keeps (since schema 4): ``type_counts`` and ``evidence_links`` hold what the
documented count and join return, for any maps, after replacing documents and after a migration."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from argmap.store import SCHEMA_VERSION, Store, query, record

from conftest import as_store_schema_4

DOCS = Path(__file__).resolve().parent.parent / "docs" / "store.md"

#: the two questions as counted and joined from the rows themselves (what the kept answers stand for)
NAIVE_COUNTS = ("SELECT d.key, n.type, count(*) FROM nodes n JOIN documents d ON d.id = n.document_id "
                "GROUP BY d.key, n.type ORDER BY d.key, n.type")
NAIVE_EVIDENCE = ("SELECT d.key, e.source, p.start, p.end, n.text AS supports FROM edges e "
                  "JOIN nodes n ON n.document_id = e.document_id AND n.node_id = e.target "
                  "JOIN provenance p ON p.document_id = e.document_id AND p.node_id = e.source "
                  "JOIN documents d ON d.id = e.document_id WHERE e.source GLOB 'E*'")


def _documented(start: str) -> str:
    """The docs/store.md example that begins with ``start``, up to its semicolon."""
    doc = DOCS.read_text(encoding="utf-8")
    sql = doc[doc.index(start):]
    return sql[:sql.index(";")]


KEPT_COUNTS = _documented("SELECT d.key, t.type, t.count")
KEPT_EVIDENCE = _documented("SELECT document, source, start, end, supports")

_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def maps(draw) -> ArgumentMap:
    """A map of any shape: ids of every kind (footnotes ``E…`` among them), several spans or none,
    edges between any two units, several edges from one unit, any types."""
    count = draw(st.integers(1, 9))
    ids = ["MC"] + draw(st.lists(st.sampled_from([f"{p}{i}" for p in "SEH" for i in range(1, 7)]),
                                 min_size=count - 1, max_size=count - 1, unique=True))
    nodes = [Node(nid, draw(st.sampled_from(list(NodeType))), draw(_texts),
                  draw(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)).map(sorted).map(tuple), max_size=3)))
             for nid in ids]
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from(list(EdgeType)))
    edges = [Edge(s, t, kind) for s, t, kind in draw(st.lists(pairs, max_size=12))]
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title=draw(_texts)), source_text="x" * 60)


def _same(db: Path) -> None:
    assert query(db, KEPT_COUNTS).rows == query(db, NAIVE_COUNTS).rows
    assert sorted(query(db, KEPT_EVIDENCE).rows) == sorted(query(db, NAIVE_EVIDENCE).rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(maps(), st.integers(0, 3)), min_size=1, max_size=6))
def test_the_kept_answers_equal_the_count_and_the_join(batch):
    """Documents put one by one and in batches, some paths put again (the old rows must go)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "maps.sqlite"
        with Store(db) as store:
            for i, (amap, slot) in enumerate(batch):
                if i % 2:
                    store.put(amap, path=f"/corpus/{slot}.md", relpath=f"{slot}.md", sha256=f"{i:064x}")
                else:
                    store.put_many([record(amap, path=f"/corpus/{slot}.md", relpath=f"{slot}.md", sha256=f"{i:064x}"),
                                    record(amap, path=f"/other/{i}.md", relpath=f"other/{i}.md")])
        _same(db)
        held = query(db, "SELECT count(*) FROM documents").rows[0][0]
        assert query(db, "SELECT count(DISTINCT document_id) FROM type_counts").rows[0][0] == held


def test_a_store_of_schema_3_gets_the_kept_answers_from_its_rows(tmp_path: Path, seed_map):
    db = tmp_path / "v3.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
        store.put(seed_map, path="/corpus/b/a.md", relpath="b/a.md", sha256="22" * 32)
    as_store_schema_4(db)
    conn = sqlite3.connect(db)  # as schema 3 left it: no kept answers
    conn.executescript("DROP TABLE type_counts; DROP TABLE evidence_links; PRAGMA user_version = 3;")
    conn.close()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION == 5
    versions = [r[0] for r in query(db, "SELECT version FROM schema_version ORDER BY rowid").rows]
    assert versions[-1] == SCHEMA_VERSION
    assert query(db, "SELECT count(*) FROM evidence_links").rows[0][0] > 0, "the seed brief has footnotes"
    _same(db)
    with Store(db) as store:  # documents put after the migration keep theirs too
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="33" * 32)
    _same(db)


def test_the_documented_questions_read_the_kept_answers(tmp_path: Path, seed_map):
    """No count over the nodes, no join of edges, nodes and spans at query time: over 100,000 maps
    those took seconds (benchmarks/RESULTS.md, section 6)."""
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/corpus/a.md", relpath="a.md", sha256="11" * 32)
    for sql in (KEPT_COUNTS, KEPT_EVIDENCE):
        plan = " / ".join(r[3] for r in query(db, "EXPLAIN QUERY PLAN " + sql).rows)
        assert "nodes" not in plan and "edges" not in plan and "provenance" not in plan, plan
        assert query(db, sql).rows
    _same(db)
