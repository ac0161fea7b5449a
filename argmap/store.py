"""The embedded store: argument maps of a whole corpus in one SQLite file, queryable with plain SQL.

Standard library only (``sqlite3``), no server. A document is in the store whole or not at all,
whatever stops the run: ``put_many`` writes many documents in one transaction (the batch's way:
a commit per document is what made 100,000 inserts slow), ``put`` one. The rows of a map are
made by ``record`` — a pure function, so worker processes build them and the writer only inserts.
The schema is versioned with ``PRAGMA user_version`` (mirrored in the ``schema_version`` table),
older stores are migrated forward on open, and it is documented in ``docs/store.md``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import datetime, timezone
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import InputNotFound, StoreError
from .model import SECTION_SEPARATOR, ArgumentMap

__all__ = ["Store", "StoreRecord", "record", "document_key", "SCHEMA_VERSION", "SCHEMA_SQL", "query", "QueryResult"]

SCHEMA_VERSION = 5
_METADATA_COLUMNS = ("title", "author", "affiliation", "date", "series", "identifier", "publisher")
_DOCUMENT_COLUMNS = ("path", "key", "relpath", "name", "source_format", *_METADATA_COLUMNS, "metadata", "settings",
                     "settings_hash", "sha256", "size", "n_nodes", "n_edges", "outputs", "analyzed_at", "source_text")

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id             INTEGER PRIMARY KEY,
    path           TEXT NOT NULL UNIQUE,
    key            TEXT NOT NULL UNIQUE,
    relpath        TEXT,
    name           TEXT NOT NULL,
    source_format  TEXT,
    title          TEXT,
    author         TEXT,
    affiliation    TEXT,
    date           TEXT,
    series         TEXT,
    identifier     TEXT,
    publisher      TEXT,
    metadata       TEXT NOT NULL,
    settings       TEXT NOT NULL,
    settings_hash  TEXT,
    sha256         TEXT,
    size           INTEGER,
    n_nodes        INTEGER NOT NULL,
    n_edges        INTEGER NOT NULL,
    outputs        TEXT NOT NULL,
    analyzed_at    TEXT NOT NULL,
    source_text    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    node_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    text         TEXT NOT NULL,
    section      TEXT NOT NULL,
    paragraph    INTEGER,
    rule         TEXT,
    cue          TEXT,
    hedged       INTEGER NOT NULL,
    hedge_cue    TEXT,
    footnote     TEXT,
    ordinal      INTEGER,
    citations    TEXT NOT NULL,
    markers      TEXT NOT NULL,
    PRIMARY KEY (document_id, node_id)
);
CREATE TABLE IF NOT EXISTS edges (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    source       TEXT NOT NULL,
    target       TEXT NOT NULL,
    type         TEXT NOT NULL,
    rule         TEXT,
    cue          TEXT,
    is_primary   INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS provenance (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    node_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    PRIMARY KEY (document_id, node_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS set_aside (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    kind         TEXT,
    text         TEXT,
    start        INTEGER,
    end          INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS failures (
    path       TEXT PRIMARY KEY,
    error      TEXT NOT NULL,
    exit_code  INTEGER NOT NULL,
    failed_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS type_counts (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (document_id, type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evidence_links (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document     TEXT NOT NULL,
    edge_seq     INTEGER NOT NULL,
    span_seq     INTEGER NOT NULL,
    source       TEXT NOT NULL,
    target       TEXT NOT NULL,
    type         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    supports     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_links_document ON evidence_links(document_id, edge_seq, span_seq);
""" + "".join(f"{statement};\n" for statement in (
    # version 2: the indexes the documented queries use, and the view keyed by the document's key
    # a unit type's texts read from the index alone (LIKE '%…%' over recommendations reads no table row);
    # new entries go to the end of their type's run, so inserts stay as fast at 100,000 maps as at 10
    "CREATE INDEX IF NOT EXISTS nodes_type_text ON nodes(type, document_id, text)",
    "CREATE INDEX IF NOT EXISTS nodes_document_type ON nodes(document_id, type)",
    "CREATE INDEX IF NOT EXISTS edges_type ON edges(type, rule, cue)",
    "CREATE INDEX IF NOT EXISTS documents_date ON documents(date)",
    # version 3: what the documented joins read, from the indexes alone (no table row per result):
    # an edge by its source with its target (a node's spans: provenance is keyed by node, version 5);
    # and a document by its relative path
    "CREATE INDEX IF NOT EXISTS edges_source_target ON edges(source, document_id, target)",
    "CREATE INDEX IF NOT EXISTS documents_relpath ON documents(relpath)",
)) + """
CREATE VIEW IF NOT EXISTS node_documents AS
    SELECT n.*, d.path, d.key AS document, d.relpath AS document_relpath, d.name AS document_name,
           d.title AS document_title, d.date AS document_date, d.publisher AS document_publisher
    FROM nodes n JOIN documents d ON d.id = n.document_id;
"""

#: from schema 1: documents were known by their file name alone (``a/x.md`` and ``b/x.md`` merged
#: in ``node_documents``); each now has a key of its own, its relative path and content hash
_MIGRATE_1_TO_2 = """
ALTER TABLE documents ADD COLUMN key TEXT;
UPDATE documents SET key = coalesce(relpath, name) || coalesce('@' || substr(sha256, 1, 12), '');
UPDATE documents SET key = key || '#' || id
    WHERE id NOT IN (SELECT min(id) FROM documents GROUP BY key);
CREATE UNIQUE INDEX documents_key ON documents(key);
DROP VIEW IF EXISTS node_documents;
DROP INDEX IF EXISTS nodes_type;
"""

#: from schema 2: the edge index by source now holds the target too (the new indexes come from SCHEMA_SQL)
_MIGRATE_2_TO_3 = """
DROP INDEX IF EXISTS edges_source;
"""

#: from schema 4: a span is one entry keyed by its node (a table without rowids) where it was a table row,
#: its key's index and an index of its offsets; and ``edges(document_id, target)``, which no documented
#: question used, is gone. Each index entry is placed by a search whose cost grows with the store: a map
#: now makes one per span instead of two, and one per edge fewer (benchmarks/RESULTS.md, section 6).
_MIGRATE_4_TO_5 = """
CREATE TABLE provenance_5 (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    node_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    PRIMARY KEY (document_id, node_id, seq)
) WITHOUT ROWID;
INSERT INTO provenance_5 (document_id, node_id, seq, start, end)
    SELECT document_id, node_id, seq, start, end FROM provenance;
DROP TABLE provenance;
ALTER TABLE provenance_5 RENAME TO provenance;
DROP INDEX IF EXISTS edges_target;
"""

# version 4: the answers of the two documented questions that return a row per document and type and
# a row per span of a footnote's evidence, kept as rows at insert (counted and joined at query time over
# 100,000 maps they took 4 s and 16 s). One statement each fills one document's rows at insert and every
# document's in the migration, so the kept answer cannot drift from the join it stands for.
def _derived(one: bool) -> tuple[str, ...]:
    """The statements that fill the kept answers: of one document (its id the parameter) or of all."""
    scope = "= ?" if one else "IS NOT NULL"
    return (
        "INSERT INTO type_counts (document_id, type, count) "
        f"SELECT document_id, type, count(*) FROM nodes WHERE document_id {scope} GROUP BY document_id, type",
        "INSERT INTO evidence_links (document_id, document, edge_seq, span_seq, source, target, type, start, end, "
        "supports) SELECT e.document_id, d.key, e.seq, p.seq, e.source, e.target, e.type, p.start, p.end, n.text "
        "FROM edges e JOIN nodes n ON n.document_id = e.document_id AND n.node_id = e.target "
        "JOIN provenance p ON p.document_id = e.document_id AND p.node_id = e.source "
        "JOIN documents d ON d.id = e.document_id "
        f"WHERE e.source GLOB 'E*' AND e.document_id {scope} ORDER BY e.document_id, e.seq, p.seq",
    )


_FILL_ONE = _derived(one=True)


def _statements(script: str):
    """The statements of an SQL script one by one (``executescript`` would commit the transaction the
    migration holds before running them); a ";" inside a string or comment ends no statement."""
    start = pos = 0
    while (pos := script.find(";", pos) + 1) > 0:
        candidate = script[start:pos]
        if sqlite3.complete_statement(candidate):
            if candidate.strip(" \n\t;"):
                yield candidate
            start = pos
    if script[start:].strip():
        yield script[start:]


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def switch_to_wal(conn: sqlite3.Connection, seconds: float = 30.0) -> None:
    """Put the store in WAL mode, waiting as the connection's busy timeout would.

    Switching a rollback-journal file to WAL needs it alone for a moment, and SQLite can answer
    "database is locked" at once, without the busy handler, while another process opens the same
    file (several batch workers, or openers of an old store being migrated)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Store:
    """A writable store; use as a context manager, or call ``close()``."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            switch_to_wal(self.conn)
            # WAL with NORMAL sync stays consistent on a crash (a power cut may lose the last commits,
            # which a re-run redoes); a 64 MB page cache keeps the unique indexes of 100,000 documents warm
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -65536")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is not an argmap store ({exc})") from None
        except StoreError:
            self.conn.close()
            raise

    # --- schema ----------------------------------------------------------------------
    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        # foreign keys are off while tables are rebuilt (dropping the old one is then no row-by-row delete)
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            # one transaction, taken before the version is read again: a migration interrupted half-way
            # leaves the old store as it was, and a second process opening the same old store waits
            # here, then finds it migrated instead of migrating it twice
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._migrate_locked()
                self.conn.commit()
            except BaseException:
                self.conn.rollback()
                raise
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def _migrate_locked(self) -> None:
        version = self.version
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has store schema {version}, newer than this argmap's "
                             f"({SCHEMA_VERSION}): upgrade argmap")
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and tables:
            raise StoreError(f"{self.path} is an SQLite database but not an argmap store")
        steps = {0: "", 1: _MIGRATE_1_TO_2 + _MIGRATE_2_TO_3, 2: _MIGRATE_2_TO_3, 3: "", 4: ""}[version]
        steps += _MIGRATE_4_TO_5 if version else ""  # each later version adds its step for all before it
        # the kept answers (version 4) are filled from the rows a store older than that already holds
        fill = ("DELETE FROM type_counts;DELETE FROM evidence_links;" + "".join(sql + ";" for sql in _derived(one=False))
                if 0 < version < 4 else "")
        script = (steps + SCHEMA_SQL + fill + f"PRAGMA user_version = {SCHEMA_VERSION};"
                  f"INSERT INTO schema_version (version, created_at) VALUES ({SCHEMA_VERSION}, '{_now()}');")
        try:
            for statement in _statements(script):
                self.conn.execute(statement)
        except sqlite3.Error as exc:
            if version == 0:
                raise
            raise StoreError(f"cannot migrate the store {self.path} from schema {version} to {SCHEMA_VERSION} "
                             f"({exc}); it is left as it was") from None

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # --- writing ---------------------------------------------------------------------
    def put(self, amap: ArgumentMap, *, path: str, relpath: str | None = None, sha256: str | None = None,
            size: int | None = None, settings_hash: str | None = None, outputs: Iterable[str] = ()) -> int:
        """Store one map, replacing what the store held for ``path``, in a single transaction."""
        rec = record(amap, path=path, relpath=relpath, sha256=sha256, size=size, settings_hash=settings_hash,
                     outputs=outputs)
        return self.put_many([rec])[0]

    def put_many(self, records: Sequence["StoreRecord"]) -> list[int]:
        """Store many maps in one transaction (all of them or none); returns their document ids.

        Each replaces what the store held for its ``path``; its key is ``document_key``'s, made
        unique with ``#2``, ``#3`` … when another file holds the same relative path and content.
        """
        ids: list[int] = []
        try:
            with self.conn:
                for rec in records:
                    ids.append(self._insert(rec))
        except sqlite3.Error as exc:
            names = ", ".join(r.document[0] for r in records[:3]) + (" …" if len(records) > 3 else "")
            raise StoreError(f"cannot write {names} to the store {self.path}: {exc}") from None
        return ids

    def _insert(self, rec: "StoreRecord") -> int:
        path, key = rec.document[0], rec.document[1]
        self.conn.execute("DELETE FROM documents WHERE path = ?", (path,))
        self.conn.execute("DELETE FROM failures WHERE path = ?", (path,))
        unique, n = key, 1
        while self.conn.execute("SELECT 1 FROM documents WHERE key = ?", (unique,)).fetchone():
            n += 1
            unique = f"{key}#{n}"
        cur = self.conn.execute(_INSERT_DOCUMENT, (path, unique, *rec.document[2:]))
        doc_id = cur.lastrowid
        self.conn.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [(doc_id, *row) for row in rec.nodes])
        self.conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(doc_id, *row) for row in rec.edges])
        self.conn.executemany("INSERT INTO provenance VALUES (?, ?, ?, ?, ?)",
                              [(doc_id, *row) for row in rec.provenance])
        self.conn.executemany("INSERT INTO set_aside VALUES (?, ?, ?, ?, ?, ?)",
                              [(doc_id, *row) for row in rec.set_aside])
        for sql in _FILL_ONE:
            self.conn.execute(sql, (doc_id,))
        return doc_id

    def put_failure(self, path: str, error: str, exit_code: int) -> None:
        """Record a document that could not be mapped (its earlier map, if any, stays)."""
        try:
            with self.conn:
                self.conn.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", (path, error, exit_code, _now()))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from None

    def has(self, path: str, *, sha256: str | None = None, settings_hash: str | None = None) -> bool:
        """Whether the store holds ``path`` (with this content and these settings, when given)."""
        row = self.conn.execute("SELECT sha256, settings_hash FROM documents WHERE path = ?", (path,)).fetchone()
        if row is None:
            return False
        return (sha256 is None or row[0] == sha256) and (settings_hash is None or row[1] == settings_hash)

    def holding(self, settings_hash: str) -> dict[str, str | None]:
        """Every stored path made with these settings, with its content hash: one query for a whole run."""
        return dict(self.conn.execute("SELECT path, sha256 FROM documents WHERE settings_hash = ?", (settings_hash,)))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


_INSERT_DOCUMENT = (f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))})")


def document_key(relpath: str, sha256: str | None) -> str:
    """A document's key: its path relative to the batch root and the start of its content hash.

    ``a/x.md@3fa2b1c9d0e1`` and ``b/x.md@…`` stay two documents, whatever their file names.
    """
    return relpath + (f"@{sha256[:12]}" if sha256 else "")


@dataclass(frozen=True)
class StoreRecord:
    """The rows of one map, ready to insert (without the document id, which the store assigns).

    Plain tuples of strings and numbers: cheap to send from a worker process or a cluster.
    """

    document: tuple
    nodes: list[tuple]
    edges: list[tuple]
    provenance: list[tuple]
    set_aside: list[tuple]


def record(amap: ArgumentMap, *, path: str, relpath: str | None = None, sha256: str | None = None,
           size: int | None = None, settings_hash: str | None = None, outputs: Iterable[str] = ()) -> StoreRecord:
    """The rows that store ``amap`` (see ``docs/store.md``); ``relpath`` defaults to the map's name."""
    meta = amap.metadata.to_dict()
    relpath = relpath or amap.name
    document = (path, document_key(relpath, sha256), relpath, amap.name, amap.source_format,
                *(meta.get(c) for c in _METADATA_COLUMNS),
                json.dumps(meta, ensure_ascii=False, sort_keys=True),
                json.dumps(amap.settings, ensure_ascii=False, sort_keys=True),
                settings_hash, sha256, size, len(amap.nodes), len(amap.edges),
                json.dumps([str(o) for o in outputs], ensure_ascii=False), _now(), amap.source_text)
    nodes = [(n.id, i, str(n.type), n.text, SECTION_SEPARATOR.join(n.section), n.paragraph, n.rule,
              n.cue, int(n.hedged), n.hedge_cue, n.footnote, n.ordinal,
              json.dumps([c.to_dict() for c in n.citations], ensure_ascii=False),
              json.dumps([dict(m) for m in n.markers], ensure_ascii=False, sort_keys=True))
             for i, n in enumerate(amap.nodes)]
    edges = [(i, e.source, e.target, str(e.type), e.rule, e.cue, int(e.primary)) for i, e in enumerate(amap.edges)]
    provenance = [(n.id, i, int(a), int(b)) for n in amap.nodes for i, (a, b) in enumerate(n.spans)]
    set_aside = [(i, x.get("kind"), x.get("text"), *_first_span(x)) for i, x in enumerate(amap.set_aside)]
    return StoreRecord(document, nodes, edges, provenance, set_aside)


def _first_span(item: dict[str, Any]) -> tuple[int | None, int | None]:
    spans = item.get("spans") or []
    if not spans:
        return None, None
    return int(spans[0][0]), int(spans[-1][1])


class QueryResult:
    """Column names and rows of one query."""

    def __init__(self, columns: list[str], rows: list[tuple]):
        self.columns = columns
        self.rows = rows

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def query(db: str | os.PathLike, sql: str, params: Iterable[Any] = (), *, limit: int | None = None) -> QueryResult:
    """Run one SQL statement on a read-only connection: a query can never change the store."""
    path = Path(db)
    if not path.is_file():
        raise InputNotFound(f"no such store: {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    try:
        conn.execute("PRAGMA query_only = ON")
        cur = conn.execute(sql, tuple(params))
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchmany(limit) if limit is not None else cur.fetchall()
        return QueryResult(columns, rows)
    except sqlite3.Warning as exc:
        raise StoreError(f"query refused: {exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"query failed: {exc}") from None
    finally:
        conn.close()
