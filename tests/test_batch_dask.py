"""The Dask engine: the same per-document function on a cluster, the same bytes as the local engine.

Runs on a local cluster (CI installs Dask through the test extra); the corpus is three short
briefs and one bad file, so a run takes seconds.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the dask engine needs argmap[dask]")

from argmap.batch import MANIFEST_NAME, map_document, run_batch  # noqa: E402
from argmap.cli import app  # noqa: E402

from conftest import SEED  # noqa: E402

SHORT = "# Schools should open earlier\n\nChildren learn better in the morning. Therefore the day should start at eight.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "seed.md").write_bytes(SEED.read_bytes())
    (root / "a" / "x.md").write_text(SHORT, encoding="utf-8")
    (root / "b" / "x.md").write_text(SHORT.replace("eight", "nine"), encoding="utf-8")
    (root / "b" / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name != MANIFEST_NAME}


def _store_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT d.key, n.node_id, n.type, n.text FROM nodes n JOIN documents d "
                            "ON d.id = n.document_id ORDER BY d.key, n.seq").fetchall()
    finally:
        conn.close()


def test_a_local_dask_cluster_writes_what_the_local_engine_writes(corpus: Path, tmp_path: Path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    expected = run_batch([corpus], local, jobs=1, db=tmp_path / "local.sqlite", formats=["json", "outline"])
    # through fsspec (a file:// URL stands in for s3://), on a local cluster of two worker processes
    report = run_batch([corpus], remote.as_uri(), jobs=2, engine="dask", db=tmp_path / "dask.sqlite",
                       formats=["json", "outline"])
    assert [(r.item.key, r.status) for r in report.results] == [(r.item.key, r.status) for r in expected.results]
    assert [r.status for r in report.results] == ["done", "failed", "done", "done"]
    assert _files(remote) == _files(local) and len(_files(local)) == 6
    assert _store_rows(tmp_path / "dask.sqlite") == _store_rows(tmp_path / "local.sqlite")
    failures = sqlite3.connect(tmp_path / "dask.sqlite").execute("SELECT count(*) FROM failures").fetchone()
    assert failures == (1,)
    # the manifest is written through fsspec too: a second run skips what is done
    again = run_batch([corpus], remote.as_uri(), jobs=2, engine="dask", db=tmp_path / "dask.sqlite",
                      formats=["json", "outline"])
    assert [r.status for r in again.results] == ["skipped", "failed", "skipped", "skipped"]


def test_the_command_line_maps_on_a_cluster_by_its_address(corpus: Path, tmp_path: Path):
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        result = CliRunner().invoke(app, ["batch", str(corpus / "a"), str(corpus / "seed.md"), "-o",
                                          str(tmp_path / "out"), "--engine", "dask", "--scheduler",
                                          cluster.scheduler_address, "-q"])
        with distributed.Client(cluster) as client:  # the workers were readied once, by the plugin
            plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert result.exit_code == 0, result.output
    assert sorted(_files(tmp_path / "out")) == ["seed.json", "x.json"]
    assert (tmp_path / "out" / "seed.json").read_bytes() == _map_alone(corpus / "seed.md", tmp_path / "alone")
    assert plugins and all("argmap-warm-up" in names for names in plugins.values()), plugins


def _map_alone(source: Path, outdir: Path) -> bytes:
    summary = map_document(str(source), source.name, str(outdir))
    assert summary["status"] == "done" and summary["outputs"] == ["seed.json"]
    return (outdir / summary["outputs"][0]).read_bytes()


def test_engine_options_are_checked_before_any_work(corpus: Path, tmp_path: Path):
    runner = CliRunner()
    wrong = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "o"), "--engine", "spark"])
    assert wrong.exit_code == 5 and "unknown engine 'spark'" in wrong.output
    alone = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"])
    assert alone.exit_code == 2 and "--engine dask" in alone.output
    bad = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "o"), "--engine", "dask",
                              "--scheduler", "nosuchprotocol://somewhere"])
    assert bad.exit_code == 2 and "cannot reach the Dask scheduler" in bad.output
    assert "Traceback" not in wrong.output + alone.output + bad.output
    assert not [p for p in (tmp_path / "o").rglob("*.json") if p.name != MANIFEST_NAME]


def test_map_document_reports_a_failure_as_data(tmp_path: Path):
    summary = map_document(str(tmp_path / "absent.md"), "absent.md", str(tmp_path / "out"))
    assert summary["status"] == "failed" and summary["exit_code"] == 2 and "no such file" in summary["error"]


def test_a_worker_that_cannot_warm_up_says_so_and_a_bad_first_document_is_only_its_own(corpus: Path, tmp_path: Path,
                                                                                        caplog, monkeypatch):
    import logging

    from argmap import nlp, pipeline

    def warned() -> list[str]:
        return [r.getMessage() for r in caplog.records if "could not warm up" in r.getMessage()]

    asked: list[str | None] = []
    load_nlp = nlp.load_nlp
    counted = lambda model=None, *args, **kw: asked.append(model) or load_nlp(model, *args, **kw)  # noqa: E731
    for module in (nlp, pipeline):  # the pipeline holds the name it imported
        monkeypatch.setattr(module, "load_nlp", counted)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            caplog.at_level(logging.WARNING, logger="argmap.batch"):
        missing = run_batch([corpus / "a"], tmp_path / "missing", engine="dask", scheduler=cluster.scheduler_address,
                            model="xx_no_such_pipeline")
        assert [r.status for r in missing.results] == ["failed"]  # the document still reports it as its own
        assert len(warned()) == 1 and "xx_no_such_pipeline" in warned()[0], caplog.text
    # the worker tried the pipeline once to warm up, and the document once for itself: no load again to report it
    assert asked.count("xx_no_such_pipeline") == 2, asked
    caplog.clear()
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            caplog.at_level(logging.WARNING, logger="argmap.batch"):
        # the shortest document, the one the workers warm up on, is the binary file: its failure is its own
        report = run_batch([corpus], tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert [r.status for r in report.results] == ["done", "failed", "done", "done"]
    assert warned() == [], caplog.text
