"""The reference corpus: its manifest, every reference map checked against its text, the splits,
the annotators' agreement, and ``argmap evaluate`` on a corpus folder."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.evaluate import evaluate
from argmap.evaluate.corpus import (CorpusError, SourceIndex, agreement, check_reference, read_corpus,
                                    text_found)
from conftest import CORPORA, SHARED

runner = CliRunner()
CORPUS = read_corpus(CORPORA)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- the corpus as it stands -------------------------------------------------------------------

def test_corpus_is_large_enough_and_mapped_twice_where_it_says():
    units = sum(len(load(e.gold)["units"]) for e in CORPUS.entries)
    assert len(CORPUS.entries) >= 30
    assert units >= 1500
    assert len(CORPUS.double_annotated) >= 10
    for entry in CORPUS.double_annotated:
        first, second = (load(p) for p in entry.annotations)
        assert first.get("annotator") and first.get("annotator") != second.get("annotator"), entry.id
        assert load(entry.gold).get("adjudicated") is True, entry.id


@pytest.mark.parametrize("entry", CORPUS.entries, ids=[e.id for e in CORPUS.entries])
def test_every_map_follows_the_format_and_its_text(entry):
    """Every parent exists, exactly one major claim, no cycles, every unit's text found in the source."""
    source = entry.source.read_text(encoding="utf-8")
    for path in (entry.gold, *entry.annotations):
        assert check_reference(load(path), source) == [], path.name


@pytest.mark.parametrize("entry", CORPUS.entries, ids=[e.id for e in CORPUS.entries])
def test_sources_are_copied_unchanged(entry):
    """The manifest's hash is the file's; with ../shared present, the file is its origin byte for byte."""
    raw = json.loads((CORPORA / "corpus.json").read_text(encoding="utf-8"))
    record = next(d for d in raw["documents"] if d["id"] == entry.id)
    data = entry.source.read_bytes()
    assert hashlib.sha256(data).hexdigest() == record["sha256"]
    origin = SHARED / record["origin"]
    if origin.exists():
        assert origin.read_bytes() == data


def test_splits_are_about_two_to_one_and_stratified():
    splits = Counter(e.split for e in CORPUS.entries)
    assert 1.5 <= splits["dev"] / splits["test"] <= 2.5, splits
    strata: dict = {}
    for entry in CORPUS.entries:
        strata.setdefault((entry.publisher, entry.kind), Counter())[entry.split] += 1
    for stratum, counts in strata.items():
        if sum(counts.values()) >= 3:
            assert counts["dev"] and counts["test"], (stratum, counts)
    assert {e.split for e in CORPUS.double_annotated} == {"dev", "test"}


# --- checking a map -----------------------------------------------------------------------------

SOURCE = ("# A Title\n\nThe [agency](https://example.org/a_(b)) has **grown** fast.<sup>1)</sup> It should\n\n"
          "1) A footnote that cuts the sentence.\n\nstop growing. Costs rose.\n")
GOOD = {"format": "argmap-gold/1", "units": [
    {"id": "MC", "type": "major_claim", "text": "A Title"},
    {"id": "S1", "type": "premise", "text": "The agency has grown fast.", "parent": "S2", "relation": "support"},
    {"id": "S2", "type": "recommendation", "text": "It should stop growing.", "parent": "MC", "relation": "support"},
    {"id": "E1", "type": "evidence", "text": "A footnote that cuts the sentence.", "parent": "S1", "relation": "support"},
], "extra_edges": [{"source": "S1", "target": "MC", "relation": "attack"}]}


def test_a_good_map_has_no_problems():
    assert check_reference(GOOD, SOURCE) == []


def _broken(change):
    gold = copy.deepcopy(GOOD)
    change(gold)
    return check_reference(gold, SOURCE)


@pytest.mark.parametrize("change, problem", [
    (lambda g: g["units"][1].update(parent="S9"), "parent 'S9' is not a unit"),
    (lambda g: g["units"][1].update(type="major_claim", parent=None), "2 major claims"),
    (lambda g: g["units"][0].update(type="claim", parent="S2", relation="support"), "0 major claims"),
    (lambda g: (g["units"][1].update(parent="S2"), g["units"][2].update(parent="S1")), "cycle"),
    (lambda g: g["units"][1].update(text="The agency has shrunk."), "text not found"),
    (lambda g: g["units"][1].update(type="fact"), "unknown type 'fact'"),
    (lambda g: g["units"][1].update(relation="rebut"), "neither support nor attack"),
    (lambda g: g["units"].append(dict(g["units"][1])), "appears twice"),
    (lambda g: g["extra_edges"].append({"source": "S1", "target": "X", "relation": "support"}), "does not exist"),
    (lambda g: g.update(format="other"), "format"),
])
def test_each_planted_problem_is_found(change, problem):
    assert any(problem in p for p in _broken(change)), _broken(change)


@given(st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta".split()), min_size=3, max_size=30),
       st.integers(0, 29), st.integers(1, 8))
def test_any_run_of_the_source_is_found_and_a_foreign_word_is_not(source_words, start, length):
    index = SourceIndex("Intro. " + " ".join(source_words) + ".")
    piece = " ".join(source_words[start % len(source_words):][:length])
    assert text_found(piece, index)
    assert not text_found(piece + " omega", index)


def test_two_sentences_a_conversion_glued_at_the_stop_are_each_found():
    source = "The bill defines three categories of events known in advance.The term is defined, with exceptions.The end."
    index = SourceIndex(source)
    for sentence in ("The bill defines three categories of events known in advance.",
                     "The term is defined, with exceptions.", "The end."):
        assert text_found(sentence, index), sentence
        assert text_from_spans(source, locate_spans(sentence, source)) == sentence
    assert text_found("It cites U.S.C. §5302.", SourceIndex("It cites U.S.C. §5302. Next."))


# --- agreement ----------------------------------------------------------------------------------

def test_a_map_agrees_with_itself_and_less_with_a_changed_copy():
    same, back = agreement(GOOD, GOOD)
    assert same["unit_f1"] == same["edge_f1_labeled"] == same["attachment_acc"] == 1.0 == back["type_macro_f1"]
    other = copy.deepcopy(GOOD)
    other["units"][1]["parent"] = "MC"
    other["units"][2]["type"] = "claim"
    one, two = agreement(GOOD, other)
    assert one["attachment_acc"] < 1.0 and one["type_macro_f1"] < 1.0 and one["unit_f1"] == 1.0


# --- a corpus on disk, and the command ------------------------------------------------------------

@pytest.fixture()
def small_corpus(tmp_path):
    """Two dev briefs of the project's corpus, one of them mapped twice; the other stands for a test brief.

    Both come from the dev split, so the tests never map the reference corpora's test split; the second
    is labelled "test" only in the temporary manifest written here.
    """
    double = next(e for e in CORPUS.double_annotated if e.split == "dev")
    single = next(e for e in CORPUS.entries if not e.double_annotated and e.split == "dev")
    documents = []
    for entry, split in ((double, "dev"), (single, "test")):
        for path in (entry.source, entry.gold, *entry.annotations):
            target = tmp_path / path.relative_to(CORPORA)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        documents.append({"id": entry.id, "split": split, "publisher": entry.publisher, "kind": entry.kind,
                          "source": entry.source.name, "gold": entry.gold.name,
                          "annotations": [str(p.relative_to(CORPORA)) for p in entry.annotations]})
    (tmp_path / "corpus.json").write_text(json.dumps({"format": "argmap-corpus/1", "documents": documents}))
    return tmp_path


def test_the_small_corpus_maps_only_dev_briefs_of_the_reference_corpus(small_corpus):
    manifest = json.loads((small_corpus / "corpus.json").read_text())
    real = {e.id: e.split for e in CORPUS.entries}
    assert [real[d["id"]] for d in manifest["documents"]] == ["dev", "dev"]
    assert {d["split"] for d in manifest["documents"]} == {"dev", "test"}


def test_evaluate_reports_each_split_beside_the_baseline_and_the_agreement(small_corpus):
    result = evaluate([small_corpus], split="all")
    (reference,) = result.references
    assert set(reference.splits) == {"dev", "test"} and not result.corpora
    assert reference.double_annotated == 1 and 0 < reference.agreement["unit_f1"] <= 1
    for figures in reference.splits.values():
        assert set(figures.argmap) == set(figures.baseline) >= {"unit_f1", "attachment_acc"}
    for dev_only in (evaluate([small_corpus], split="dev"), evaluate([small_corpus])):  # dev is the default
        assert set(dev_only.references[0].splits) == {"dev"}
        assert [d.split for d in dev_only.documents] == ["dev"]


def in_sample(count: int, total: int) -> str:
    """The line ``evaluate`` adds when the shipped weights (the default) learned from the briefs it scores, as
    they did from every dev brief of the reference corpus."""
    return (f"the shipped weights were trained on {count} of these {total} documents: their figures are in-sample; "
            "'argmap train corpora --report' gives leave-one-brief-out figures, '--rules-only' the rules'")


def test_the_command_prints_splits_baseline_and_agreement_side_by_side(small_corpus):
    result = runner.invoke(app, ["evaluate", str(small_corpus), "--split", "all", "--markdown"])
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("| metric"))
    for column in ("dev argmap", "dev baseline", "test argmap", "test baseline", "agreement"):
        assert column in header
    assert result.stderr.splitlines() == [in_sample(2, 2)]  # both briefs are dev briefs of the reference corpus
    rules = runner.invoke(app, ["evaluate", str(small_corpus), "--split", "all", "--markdown", "--rules-only"])
    assert rules.exit_code == 0 and rules.stderr == ""
    result = runner.invoke(app, ["evaluate", str(small_corpus), "--split", "dev", "--per-document", "--markdown"])
    assert "test argmap" not in result.stdout and "**per document**" in result.stdout
    result = runner.invoke(app, ["evaluate", str(small_corpus), "--agreement"])
    assert result.exit_code == 0 and "**pooled**" in result.stdout


def test_the_check_passes_on_a_good_corpus_and_fails_on_a_broken_one(small_corpus):
    result = runner.invoke(app, ["evaluate", str(small_corpus), "--check"])
    assert result.exit_code == 0 and "2 briefs (1 dev, 1 test)" in result.stdout
    gold_path = next(small_corpus.glob("*.gold.json"))
    gold = load(gold_path)
    gold["units"][-1]["parent"] = "nowhere"
    gold_path.write_text(json.dumps(gold))
    result = runner.invoke(app, ["evaluate", str(small_corpus), "--check"])
    assert result.exit_code == 1 and "parent 'nowhere' is not a unit" in result.stderr


@pytest.mark.parametrize("manifest, message", [
    ({"format": "argmap-corpus/1", "documents": []}, "lists no documents"),
    ({"format": "nope"}, "'format' must be"),
    ({"format": "argmap-corpus/1", "documents": [{"id": "x"}]}, "lacks source"),
    ({"format": "argmap-corpus/1", "documents": [{"id": "x", "source": "x.md", "gold": "x.json", "publisher": "P",
                                                  "kind": "k", "split": "train"}]}, "split 'train'"),
    ({"format": "argmap-corpus/1", "documents": [{"id": "x", "source": "x.md", "gold": "x.json", "publisher": "P",
                                                  "kind": "k", "split": "dev"}]}, "does not exist"),
])
def test_a_bad_manifest_is_refused_with_its_reason(tmp_path, manifest, message):
    (tmp_path / "corpus.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match=message):
        read_corpus(tmp_path)
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code != 0 and result.stderr.startswith("Error: ") and message.strip("'") in result.stderr


# --- maps kept as offsets only (texts that may not be copied) ------------------------------------

from argmap.evaluate.corpus import locate_spans, resolve_offsets, text_from_spans, to_offsets  # noqa: E402
from argmap.evaluate.metrics import words  # noqa: E402


@pytest.mark.parametrize("entry", CORPUS.double_annotated[:3], ids=[e.id for e in CORPUS.double_annotated[:3]])
def test_a_map_turned_into_offsets_gives_back_its_texts(entry):
    source = entry.source.read_text(encoding="utf-8")
    gold = load(entry.gold)
    offsets = to_offsets(gold, source)
    assert check_reference(offsets, source) == []
    assert not any("text" in u or "note" in u for u in offsets["units"])
    assert "non_argumentative" not in offsets and set(offsets["metadata"]) <= {"date"}
    back = resolve_offsets(offsets, source)
    for original, resolved in zip(gold["units"], back["units"]):
        assert (original["id"], original.get("parent"), original["type"]) == \
               (resolved["id"], resolved.get("parent"), resolved["type"])
        # the source's own spelling may glue two words that markup split ("Actions****and")
        assert "".join(words(original["text"])) == "".join(words(resolved["text"]))


def test_spans_skip_link_targets_and_a_footnote_block():
    assert text_from_spans(SOURCE, locate_spans("The agency has grown fast.", SOURCE)) == "The agency has grown fast."
    spans = locate_spans("It should stop growing.", SOURCE)
    assert len(spans) == 2 and text_from_spans(SOURCE, spans) == "It should stop growing."


def test_an_offsets_map_that_copies_text_or_meets_another_source_is_refused():
    offsets = to_offsets(GOOD, SOURCE)
    leaky = copy.deepcopy(offsets)
    leaky["units"][1]["text"] = "The agency has grown fast."
    assert any("holds text of its source" in p for p in check_reference(leaky, SOURCE))
    assert any("sha256" in p for p in check_reference(offsets, SOURCE + " Changed."))
    outside = copy.deepcopy(offsets)
    outside["units"][1]["spans"] = [[5, len(SOURCE) + 10]]
    assert any("do not lie in the source" in p for p in check_reference(outside, SOURCE))


def test_an_offsets_corpus_reads_its_sources_in_place_and_skips_what_is_absent(tmp_path, monkeypatch):
    """A brief whose source lives in the shared corpora is evaluated there, and skipped with a word when absent."""
    monkeypatch.delenv("ARGMAP_SHARED", raising=False)
    entry = CORPUS.double_annotated[0]
    shared = tmp_path / "shared" / "corpora" / "licensed"
    shared.mkdir(parents=True)
    shutil.copyfile(entry.source, shared / entry.source.name)
    corpus = tmp_path / "repo" / "corpora" / "licensed"
    (corpus / "annotations").mkdir(parents=True)
    source = entry.source.read_text(encoding="utf-8")
    (corpus / "x.gold.json").write_text(json.dumps(to_offsets(load(entry.gold), source)))
    names = []
    for path in entry.annotations:
        (corpus / "annotations" / path.name).write_text(json.dumps(to_offsets(load(path), source)))
        names.append(f"annotations/{path.name}")
    record = {"id": "x", "split": "dev", "publisher": "P", "kind": "k", "source": f"shared:corpora/licensed/{entry.source.name}",
              "gold": "x.gold.json", "annotations": names, "use": "evaluation only"}
    (corpus / "corpus.json").write_text(json.dumps({"format": "argmap-corpus/1", "documents": [record]}))
    read = read_corpus(corpus)
    assert read.entries[0].available and not read.entries[0].trainable
    (reference,) = evaluate([corpus]).references
    assert reference.splits["dev"].documents == 1 and reference.agreement["unit_f1"] > 0.9
    result = runner.invoke(app, ["evaluate", str(corpus), "--check"])
    assert result.exit_code == 0, result.stderr
    (shared / entry.source.name).unlink()
    (reference,) = evaluate([corpus]).references
    assert reference.unavailable == ["x"] and not reference.splits
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 0 and "Warning:" in result.stderr and "not at hand" in result.stderr
    for form in ("--json", "--markdown"):  # the same warning whatever form the figures take
        result = runner.invoke(app, ["evaluate", str(corpus), form])
        assert result.exit_code == 0 and result.stderr.startswith("Warning: licensed: 1 brief(s) skipped"), form
    assert json.loads(runner.invoke(app, ["evaluate", str(corpus), "--json"]).stdout)["references"]


# --- the think-tank corpus: offsets only, sources read in place -----------------------------------

THINKTANK = CORPORA / "thinktank"


def test_the_thinktank_maps_hold_no_text_of_their_sources():
    """The commentaries are copyrighted: their maps keep spans and a sha256, never a word of the text."""
    corpus = read_corpus(THINKTANK)
    assert len(corpus.entries) >= 15 and all(not e.trainable for e in corpus.entries)
    for entry in corpus.entries:
        for path in (entry.gold, *entry.annotations):
            gold = load(path)
            assert gold["text_policy"] == "offsets" and len(gold["source_sha256"]) == 64
            assert set(gold) <= {"format", "document", "annotators", "adjudicated", "text_policy", "source_sha256",
                                 "metadata", "units", "extra_edges"}, path.name
            assert set(gold["metadata"]) <= {"date"}
            for unit in gold["units"]:
                assert set(unit) <= {"id", "type", "parent", "relation", "spans"}, (path.name, unit["id"])


def test_the_thinktank_maps_follow_the_format_and_their_sources():
    corpus = read_corpus(THINKTANK)
    if corpus.unavailable:
        pytest.skip("the think-tank texts are absent (../shared is only present in the project's own checkouts and CI)")
    for entry in corpus.entries:
        source = entry.source.read_text(encoding="utf-8")
        assert hashlib.sha256(entry.source.read_bytes()).hexdigest() == entry.sha256
        for path in (entry.gold, *entry.annotations):
            assert check_reference(load(path), source) == [], path.name


def test_an_unknown_split_is_refused_by_every_reader_of_a_split(small_corpus):
    """Not read as an empty split: the library refuses it as the commands do, with the same words."""
    from argmap.errors import UnsupportedFormat
    from argmap.evaluate import count_documents, evaluate_agreement

    for call in (lambda: evaluate([small_corpus], split="train"), lambda: evaluate_agreement([small_corpus], split="train"),
                 lambda: count_documents([small_corpus], split="train"), lambda: read_corpus(small_corpus).split("train")):
        with pytest.raises(UnsupportedFormat, match=r"unknown split 'train' \(must be one of \['dev', 'test', 'all'\]\)"):
            call()
    result = CliRunner().invoke(app, ["evaluate", str(small_corpus), "--split", "train"])
    assert result.exit_code == UnsupportedFormat.exit_code
    assert "Error: unknown split 'train' (must be one of ['dev', 'test', 'all'])" in result.stderr


@pytest.mark.parametrize("form", [[], ["--markdown"], ["--json"]])
def test_a_corpus_with_a_test_split_is_evaluated_on_its_dev_split_unless_told(small_corpus, form):
    result = runner.invoke(app, ["evaluate", str(small_corpus), *form])
    assert result.exit_code == 0, result.stderr
    assert "test argmap" not in result.stdout and "dev" in result.stdout
    if form == ["--json"]:
        assert set(json.loads(result.stdout)["references"][0]["splits"]) == {"dev"}
    assert result.stderr.splitlines() == [
        f"{small_corpus}: its dev split only (1 test brief(s) left unread); --split test or --split all reads the test split",
        in_sample(1, 1)]
    for split in ("test", "dev"):  # asked for by name: no word about it
        told = runner.invoke(app, ["evaluate", str(small_corpus), "--split", split, *form])
        assert told.exit_code == 0 and told.stderr.splitlines() == [in_sample(1, 1)]
        told = runner.invoke(app, ["evaluate", str(small_corpus), "--split", split, "--rules-only", *form])
        assert told.exit_code == 0 and told.stderr == ""


def test_gold_files_without_a_corpus_are_evaluated_whole_without_a_word(small_corpus, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in small_corpus.glob("*.gold.json"):
        shutil.copyfile(path, gold / path.name)
        shutil.copyfile(small_corpus / path.name.replace(".gold.json", ".md"), gold / path.name.replace(".gold.json", ".md"))
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.stderr
    # no word about splits; the one line says the shipped weights learned from these (dev) briefs
    assert result.stderr.splitlines() == [in_sample(2, 2)] and json.loads(result.stdout)["corpora"][0]["documents"] == 2
    assert len(json.loads(result.stdout)["in_sample"]) == 2
    rules = runner.invoke(app, ["evaluate", str(gold), "--json", "--rules-only"])
    assert rules.exit_code == 0 and rules.stderr == "" and json.loads(rules.stdout)["in_sample"] == []
