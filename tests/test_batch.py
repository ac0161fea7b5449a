"""argmap batch: discovery and the mirrored tree, isolation of bad files, resume, interruption."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from argmap.batch import MANIFEST_NAME, discover, run_batch
from argmap.model import text_from_spans

from conftest import SEED

SHORT = """# Schools should open earlier

Children learn better in the morning. First, they are rested. Second, the streets are calm.
Therefore the school day should start at eight.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    (root / "seed.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "a" / "short.md").write_text(SHORT, encoding="utf-8")
    (root / "a" / "b" / "deep.txt").write_text(SHORT.replace("eight", "nine"), encoding="utf-8")
    (root / "a" / "notes.json").write_text("{}", encoding="utf-8")  # not a document: not picked up
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.md").write_text(SHORT, encoding="utf-8")
    return root


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_discover_mirrors_directories_files_and_globs(corpus: Path, tmp_path: Path):
    items = discover([corpus])
    assert [i.key for i in items] == ["a/b/deep.txt", "a/short.md", "seed.md"]
    assert discover([corpus / "a" / "short.md"])[0].key == "short.md"
    globbed = discover([str(corpus / "a" / "**" / "*.txt")])
    assert [i.key for i in globbed] == ["b/deep.txt"]
    missing = discover([tmp_path / "nope.md", str(tmp_path / "*.none")])
    assert [bool(i.error) for i in missing] == [True, True]
    assert "no such file" in missing[0].error and "no file matches" in missing[1].error


def test_discover_names_a_file_once_and_refuses_colliding_outputs(corpus: Path):
    (corpus / "a" / "short.txt").write_text(SHORT, encoding="utf-8")
    items = discover([corpus, corpus / "seed.md"])
    keys = [i.key for i in items]
    assert keys.count("seed.md") == 1
    clash = [i for i in items if i.error]
    assert len(clash) == 1 and "would overwrite" in clash[0].error


def test_batch_mirrors_the_tree_and_isolates_a_bad_file(corpus: Path, tmp_path: Path):
    (corpus / "a" / "binary.md").write_bytes(b"\x00\x01\x02\x03 not text")
    (corpus / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch([corpus], out, jobs=1)
    status = {r.item.key: r.status for r in report.results}
    assert status == {"a/b/deep.txt": "done", "a/binary.md": "failed", "a/short.md": "done",
                      "empty.txt": "failed", "seed.md": "done"}
    assert _tree(out) == [MANIFEST_NAME, "a/b/deep.json", "a/short.json", "seed.json"]
    failed = {r.item.key: r for r in report.failed}
    assert "binary" in failed["a/binary.md"].error and failed["a/binary.md"].exit_code == 4
    assert failed["empty.txt"].exit_code == 3
    assert not report.ok
    seed = json.loads((out / "seed.json").read_text(encoding="utf-8"))
    assert seed["nodes"][0]["type"] == "major_claim"


def test_resume_skips_then_force_and_changes_redo(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = run_batch([corpus], out, jobs=1)
    assert {r.status for r in first.results} == {"done"}
    second = run_batch([corpus], out, jobs=1)
    assert {r.status for r in second.results} == {"skipped"}
    forced = run_batch([corpus], out, jobs=1, force=True)
    assert {r.status for r in forced.results} == {"done"}
    # a changed input is redone, the others are not
    changed = corpus / "a" / "short.md"
    changed.write_text(SHORT + "\nA new closing sentence matters.\n", encoding="utf-8")
    third = {r.item.key: r.status for r in run_batch([corpus], out, jobs=1).results}
    assert third == {"a/b/deep.txt": "skipped", "a/short.md": "done", "seed.md": "skipped"}
    assert "closing sentence" in (out / "a" / "short.json").read_text(encoding="utf-8")
    # other settings redo everything; a deleted output is remade
    assert {r.status for r in run_batch([corpus], out, jobs=1, formats=["json", "dot"]).results} == {"done"}
    (out / "seed.dot").unlink()
    again = {r.item.key: r.status for r in run_batch([corpus], out, jobs=1, formats=["json", "dot"]).results}
    assert again["seed.md"] == "done" and again["a/short.md"] == "skipped"
    # an output older than its input is remade
    os.utime(out / "a" / "b" / "deep.json", (0, 0))
    stale = {r.item.key: r.status for r in run_batch([corpus], out, jobs=1, formats=["json", "dot"]).results}
    assert stale == {"a/b/deep.txt": "done", "a/short.md": "skipped", "seed.md": "skipped"}


def test_worker_processes_give_the_same_outputs(corpus: Path, tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    (corpus / "a" / "binary.md").write_bytes(b"\x00\x01\x02\x03 not text")
    run_batch([corpus], one, jobs=1)
    report = run_batch([corpus], two, jobs=2)
    assert [r.status for r in report.results] == ["done", "failed", "done", "done"]
    for name in ("seed.json", "a/short.json", "a/b/deep.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_store_receives_every_mapped_document(corpus: Path, tmp_path: Path):
    db = tmp_path / "maps.sqlite"
    (corpus / "a" / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    run_batch([corpus], tmp_path / "out", jobs=1, db=db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 1
    rows = conn.execute("SELECT d.relpath, n.text FROM nodes n JOIN documents d ON d.id = n.document_id "
                        "WHERE n.type = 'recommendation' ORDER BY d.relpath").fetchall()
    assert ("a/short.md", "Therefore the school day should start at eight.") in rows
    # re-running with the store skips nothing twice and duplicates nothing
    run_batch([corpus], tmp_path / "out", jobs=1, db=db, force=True)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_an_interrupted_run_keeps_finished_work_and_resumes(corpus: Path, tmp_path: Path):
    out, db = tmp_path / "out", tmp_path / "maps.sqlite"
    seen: list[str] = []

    def stop_after_first(result):
        seen.append(result.item.key)
        raise KeyboardInterrupt

    report = run_batch([corpus], out, jobs=1, db=db, on_result=stop_after_first)
    assert report.interrupted and seen == ["a/b/deep.txt"]
    assert _tree(out) == [MANIFEST_NAME, "a/b/deep.json"]
    assert list(json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]) == ["a/b/deep.txt"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT relpath FROM documents").fetchall() == [("a/b/deep.txt",)]
    resumed = {r.item.key: r.status for r in run_batch([corpus], out, jobs=1, db=db).results}
    assert resumed == {"a/b/deep.txt": "skipped", "a/short.md": "done", "seed.md": "done"}
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_a_document_interrupted_while_stored_leaves_no_trace(tmp_path: Path, seed_map, monkeypatch):
    from argmap import store as store_module

    db = tmp_path / "maps.sqlite"
    with store_module.Store(db) as store:
        store.put(seed_map, path="/first.md")
        real = store.conn

        class Failing:
            """A connection whose third bulk insert is cut short, as Ctrl-C would cut it."""

            def __init__(self):
                self.calls = 0

            def __getattr__(self, name):
                return getattr(real, name)

            def __enter__(self):
                return real.__enter__()

            def __exit__(self, *exc):
                return real.__exit__(*exc)

            def executemany(self, *args):
                self.calls += 1
                if self.calls == 3:
                    raise KeyboardInterrupt
                return real.executemany(*args)

        store.conn = Failing()
        with pytest.raises(KeyboardInterrupt):
            store.put(seed_map, path="/second.md")
        store.conn = real
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT path FROM documents").fetchall() == [("/first.md",)]
    assert conn.execute("SELECT count(DISTINCT document_id) FROM nodes").fetchone()[0] == 1
    assert conn.execute("SELECT count(DISTINCT document_id) FROM edges").fetchone()[0] == 1


def test_provenance_rows_rebuild_the_node_text(tmp_path: Path, seed_map):
    from argmap.store import Store

    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(seed_map, path="/seed.md")
    conn = sqlite3.connect(db)
    source = conn.execute("SELECT source_text FROM documents").fetchone()[0]
    for node in seed_map.nodes:
        spans = conn.execute("SELECT start, end FROM provenance WHERE node_id = ? ORDER BY seq", (node.id,)).fetchall()
        assert text_from_spans(source, spans) == node.text


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unknown_model_stops_the_run_once(corpus: Path, tmp_path: Path, jobs: int):
    from argmap.errors import ModelNotFound

    with pytest.raises(ModelNotFound, match="not installed"):
        run_batch([corpus], tmp_path / "out", jobs=jobs, model="xx_no_such_pipeline")
    assert not list((tmp_path / "out").rglob("*.json")) or _tree(tmp_path / "out") == [MANIFEST_NAME]


def _die_at_start(*args):
    os._exit(3)


def test_workers_that_cannot_start_leave_the_work_to_the_main_process(corpus: Path, tmp_path: Path, monkeypatch):
    import multiprocessing

    from argmap import batch

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method to plant a failing worker")
    monkeypatch.setattr(batch, "_mp_context", lambda model, lang: multiprocessing.get_context("fork"))
    monkeypatch.setattr(batch, "_init_worker", _die_at_start)
    report = run_batch([corpus], tmp_path / "out", jobs=2)
    assert [r.status for r in report.results] == ["done", "done", "done"]
    assert _tree(tmp_path / "out") == [MANIFEST_NAME, "a/b/deep.json", "a/short.json", "seed.json"]


def test_a_file_deleted_during_the_run_is_a_failure_of_its_own(corpus: Path, tmp_path: Path):
    def delete_one(todo: int, skipped: int) -> None:
        (corpus / "a" / "short.md").unlink()

    report = run_batch([corpus], tmp_path / "out", jobs=1, on_plan=delete_one)
    status = {r.item.key: (r.status, r.error) for r in report.results}
    assert status["a/short.md"][0] == "failed" and "deleted during the run" in status["a/short.md"][1]
    assert status["seed.md"] == ("done", None) and status["a/b/deep.txt"] == ("done", None)


def test_batch_never_overwrites_an_input(tmp_path):
    """A .json input mapped into its own folder would be overwritten by its map: it fails, the file stays."""
    from argmap.batch import run_batch

    source = tmp_path / "brief.json"
    original = "# A JSON-named brief\n\nThe council should act. Prices fell.\n"
    source.write_text(original, encoding="utf-8")
    report = run_batch([source], tmp_path, formats=["json"], jobs=1)
    assert source.read_text(encoding="utf-8") == original
    (failure,) = report.failed
    assert failure.exit_code == 8 and "overwrite" in failure.error


def _nodes(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {n["id"]: (n["type"], n.get("rule")) for n in data["nodes"]}


def test_the_decider_is_analyzes_and_part_of_the_settings(corpus: Path, tmp_path: Path):
    """--weights, --rules-only and --link-evidence mean in batch what they mean in analyze, and
    changing the weights file's contents redoes the corpus (a rules-only run ignores any file)."""
    from argmap.learn import Weights, default_weights, save_weights
    from argmap.pipeline import analyze

    before = default_weights().models["attach"].coef.copy()
    seed = corpus / "seed.md"
    learned_out, rules_out = tmp_path / "learned", tmp_path / "rules"
    run_batch([seed], learned_out, jobs=1, weights="default")
    run_batch([seed], rules_out, jobs=1, rules_only=True)
    learned = json.loads((learned_out / "seed.json").read_text(encoding="utf-8"))
    assert learned["settings"].get("weights") == "default"
    assert "weights" not in json.loads((rules_out / "seed.json").read_text(encoding="utf-8"))["settings"]
    assert _nodes(learned_out / "seed.json") == {n.id: (n.type.value, n.rule)
                                                 for n in analyze(seed, weights="default").nodes}
    assert _nodes(rules_out / "seed.json") == {n.id: (n.type.value, n.rule)
                                               for n in analyze(seed, rules_only=True).nodes}

    own = tmp_path / "own.json"
    save_weights(default_weights(), own)
    out = tmp_path / "own-out"
    assert {r.status for r in run_batch([corpus], out, jobs=1, weights=own).results} == {"done"}
    assert {r.status for r in run_batch([corpus], out, jobs=1, weights=own).results} == {"skipped"}
    first = (out / "seed.json").read_bytes()
    bent = Weights.from_dict(default_weights().to_dict())  # a copy: the shipped weights are cached, read-only
    bent.models["attach"].coef = -bent.models["attach"].coef
    save_weights(bent, own)
    assert {r.status for r in run_batch([corpus], out, jobs=1, weights=own).results} == {"done"}
    # mapped with the file as it is now, not with the weights an earlier run of this process read
    again = json.loads((out / "seed.json").read_text(encoding="utf-8"))
    assert (out / "seed.json").read_bytes() != first
    assert sorted((e["source"], e["target"]) for e in again["edges"]) == sorted(
        (e.source, e.target) for e in analyze(seed, weights=own).edges)

    rules_twice = tmp_path / "rules-twice"
    run_batch([corpus], rules_twice, jobs=1, rules_only=True)
    save_weights(default_weights(), own)  # a file a rules-only run never reads changes nothing
    assert {r.status for r in run_batch([corpus], rules_twice, jobs=1, rules_only=True).results} == {"skipped"}
    assert {r.status for r in run_batch([corpus], rules_twice, jobs=1, rules_only=True,
                                        link_evidence=True).results} == {"done"}
    assert (default_weights().models["attach"].coef == before).all()
    with pytest.raises(ValueError):  # the shared object cannot be bent in place
        default_weights().models["attach"].coef[0, 0] = 1.0


def test_the_default_decider_is_analyzes_default(corpus: Path, tmp_path: Path):
    """Given neither weights nor rules_only, a batch maps as ``analyze`` does by default (the shipped weights),
    and a rules-only run of the same folder is a run of other settings: every file redone."""
    from argmap.batch import BatchSettings
    from argmap.pipeline import analyze

    seed = corpus / "seed.md"
    out = tmp_path / "out"
    assert {r.status for r in run_batch([seed], out, jobs=1).results} == {"done"}
    written = json.loads((out / "seed.json").read_text(encoding="utf-8"))
    assert written["settings"].get("weights") == "default"
    assert _nodes(out / "seed.json") == {n.id: (n.type.value, n.rule) for n in analyze(seed).nodes}
    assert BatchSettings().decider() == BatchSettings(weights="default").decider() != BatchSettings(rules_only=True).decider()
    assert {r.status for r in run_batch([seed], out, jobs=1, weights="default").results} == {"skipped"}
    assert {r.status for r in run_batch([seed], out, jobs=1, rules_only=True).results} == {"done"}
    assert "weights" not in json.loads((out / "seed.json").read_text(encoding="utf-8"))["settings"]


def test_a_bad_weights_file_stops_the_batch_before_any_document(corpus: Path, tmp_path: Path):
    from argmap.errors import ArgmapError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ArgmapError, match="not valid JSON"):
        run_batch([corpus], tmp_path / "out", jobs=2, weights=bad)
    with pytest.raises(ArgmapError, match="exclude each other"):
        run_batch([corpus], tmp_path / "out", jobs=1, weights="default", rules_only=True)
    assert not (tmp_path / "out" / "seed.json").exists()


def test_a_run_reads_its_weights_file_once(corpus: Path, tmp_path: Path, monkeypatch):
    """The run hashes the file's bytes and maps with the weights parsed from those bytes: one reading."""
    from argmap.learn import default_weights, save_weights
    from argmap.learn import weights as weights_module

    own = tmp_path / "own.json"
    save_weights(default_weights(), own)
    reads = []
    real = weights_module.read_weights
    monkeypatch.setattr(weights_module, "read_weights", lambda path: reads.append(path) or real(path))
    report = run_batch([corpus], tmp_path / "out", jobs=1, weights=own)
    assert {r.status for r in report.results} == {"done"} and len(reads) == 1


def test_map_document_takes_settings_or_their_short_form_not_both(tmp_path: Path):
    from argmap.batch import BatchSettings, map_document

    short = map_document(str(SEED), "seed.md", str(tmp_path / "short"), ["json", "outline"], lang="en")
    full = map_document(str(SEED), "seed.md", str(tmp_path / "full"),
                        settings=BatchSettings(formats=("json", "outline"), lang="en"))
    assert short["status"] == full["status"] == "done" and short["outputs"] == full["outputs"] == ["seed.json", "seed.outline.md"]
    assert all((tmp_path / "short" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()
               for name in short["outputs"])
    for mixed in ({"formats": ["outline"]}, {"lang": "en"}, {"model": "blank"}):
        with pytest.raises(TypeError, match="not both"):
            map_document(str(SEED), "seed.md", str(tmp_path / "mixed"), settings=BatchSettings(), **mixed)
    assert not (tmp_path / "mixed").exists()
