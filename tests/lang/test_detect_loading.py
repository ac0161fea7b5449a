"""Identifying a language reads stop-word lists, never whole spaCy languages (seconds each, per process)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SEED


def test_identifying_a_language_loads_no_spacy_language_package():
    code = ("import sys; from argmap.lang.detect import identify_language, stop_words; "
            f"print(identify_language(open({str(SEED)!r}, encoding='utf-8').read())); "
            "print(len(stop_words('fr')) > 100); "
            "print(sorted(m for m in ('spacy.lang.fr', 'spacy.lang.es', 'spacy.lang.id', 'spacy.lang.tr', "
            "'spacy.lang.de', 'spacy.lang.nb') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    language, french, loaded = done.stdout.strip().splitlines()
    assert language == "en" and french == "True"
    assert loaded == "[]", f"language packages imported: {loaded}"
