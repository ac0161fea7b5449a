"""Cue matching: the lexicon's pre-checked regular expressions ÷ spaCy's PhraseMatcher over the same Doc.

    python benchmarks/cue_matching.py [--runs 5]

Segmentation builds a spaCy Doc of every paragraph; the question is whether matching the phrase
tables (hedges, reported views, stances, objection cues, modal verbs) over that Doc with a
PhraseMatcher (one pass, all tables) would be faster than asking each sentence with the lexicon's
matchers (a word-set pre-check, then the table's regular expression). The Doc is built before
the clock starts, as segmentation has built it already. Both are timed side by side, interleaved,
in CPU time, and their answers compared sentence by sentence: the matcher finds phrases on token
boundaries, the regular expressions on word boundaries, so they need not agree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from run import interleaved_cpu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TABLES = {"hedge": "hedges", "view": "attributed_view", "stance": "stance", "objection": "objection_cues",
          "deontic": "deontic"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from spacy.matcher import PhraseMatcher

    from argmap.clean import clean
    from argmap.cues import load_lexicon
    from argmap.lang import load_part
    from argmap.nlp import load_nlp
    from argmap.read import read_document
    from argmap.segment import clean_view

    lexicon, nlp, pack = load_lexicon("en"), load_nlp(None), load_part("en", "cues")
    docs = []
    for path in sorted((ROOT / "corpora").glob("*.md")):
        document = clean(read_document(path), lexicon=lexicon)
        views = [clean_view(document.text, b.spans)[0] for b in document.blocks if b.kind in ("paragraph", "list_item")]
        docs.extend(nlp.pipe(views, batch_size=64))
    sentences = [sent for doc in docs for sent in doc.sents]
    texts = [sent.text for sent in sentences]

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, key in TABLES.items():
        matcher.add(label, list(nlp.tokenizer.pipe(pack[key])))

    asks = {"hedge": lexicon.hedge, "view": lexicon.attributed_view, "stance": lexicon.stance,
            "objection": lexicon.objection, "deontic": lexicon.deontic}

    def by_regex() -> list[set[str]]:
        lexicon._probes.clear()
        return [{label for label, ask in asks.items() if ask(text)} for text in texts]

    def by_matcher() -> list[set[str]]:
        found: list[set[str]] = []
        for doc in docs:
            hits = [(start, nlp.vocab.strings[match_id]) for match_id, start, _ in matcher(doc)]
            for sent in doc.sents:
                found.append({label for start, label in hits if sent.start <= start < sent.end})
        return found

    regex_s, matcher_s = (statistics.median(times) for times in interleaved_cpu([by_regex, by_matcher], args.runs))
    import argmap

    paths = sorted((ROOT / "corpora").glob("*.md"))
    analysis = []
    for _ in range(max(1, args.runs // 2)):
        start = time.process_time()
        for path in paths:
            argmap.analyze(path, rules_only=True)
        analysis.append(time.process_time() - start)
    analysis_s = statistics.median(analysis)
    a, b = by_regex(), by_matcher()
    same = sum(1 for x, y in zip(a, b) if x == y)
    print(f"{len(texts)} sentences of {len(list((ROOT / 'corpora').glob('*.md')))} briefs (corpora/), "
          f"{len(TABLES)} tables, median of {args.runs} runs (CPU time)")
    print(f"lexicon (pre-check + regex): {regex_s * 1000:.1f} ms")
    print(f"PhraseMatcher over the Doc:  {matcher_s * 1000:.1f} ms  (÷ lexicon: {matcher_s / regex_s:.2f})")
    print(f"the whole analysis of the same briefs (rules only): {analysis_s * 1000:.0f} ms; "
          f"these tables by the lexicon are {regex_s / analysis_s:.1%} of it")
    print(f"sentences answered alike: {same} of {len(texts)} ({same / len(texts):.1%})")
    for label in TABLES:
        only_regex = sum(1 for x, y in zip(a, b) if label in x and label not in y)
        only_matcher = sum(1 for x, y in zip(a, b) if label in y and label not in x)
        print(f"  {label:<9} found by the lexicon only: {only_regex:4d}, by the matcher only: {only_matcher:4d}")


if __name__ == "__main__":
    main()
