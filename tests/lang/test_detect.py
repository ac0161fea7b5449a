"""A language without a cue lexicon: named in a warning, and mapped from its structure alone."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.cues import available_languages
from argmap.lang import STRUCTURE_ONLY, identify_language
from argmap.model import NodeType
from conftest import SEED

runner = CliRunner()

KOREAN = """# 북한 해외 노동자 문제와 한국의 대응

## 문제의 배경

북한 노동자들이 중국 지린성에서 대규모 시위를 벌였다.[^1] 보고서는 "we must act now"라고 썼다.

첫째, 임금이 체불되었다. 둘째, 노동 환경이 열악하다.

- 국제 사회는 감시를 강화해야 한다.
- 정부는 인권 문제를 제기해야 한다.

## 정책 제언

따라서 정부는 국제 사회와 협력해야 한다. However, 중국의 협조는 불확실하다.

[^1]: 산케이신문, 2024년 1월 19일.
"""

FRENCH = """# Les ports ont besoin d'un plan

## Le contexte

Le trafic maritime a fortement augmenté depuis dix ans. Les quais ne sont plus adaptés aux navires.

Par conséquent, le gouvernement doit investir dans les infrastructures portuaires.
"""


@pytest.mark.parametrize("text, lang, name", [(KOREAN, "ko", "Korean"), (FRENCH, "fr", "French")])
def test_a_language_without_a_cue_pack_is_named_in_a_warning(tmp_path, text, lang, name):
    assert lang not in available_languages()
    brief = tmp_path / "brief.md"
    brief.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(brief), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and f"{name} ({lang})" in warnings[0] and "structure" in warnings[0]
    assert "Error" not in result.stderr
    data = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert data["settings"]["lang"] == lang and data["settings"]["cues"] == STRUCTURE_ONLY


def test_mapped_from_structure_alone_not_with_english_words():
    amap = argmap.analyze(KOREAN)
    assert amap.settings["cues"] == STRUCTURE_ONLY
    # the structure is read: title, headings, the list under its sentence, the footnote as evidence
    assert amap.major_claim.text == "북한 해외 노동자 문제와 한국의 대응"
    assert {n.text for n in amap.by_type(NodeType.CLAIM)} >= {"문제의 배경", "정책 제언"}
    evidence = amap.by_type(NodeType.EVIDENCE)
    assert len(evidence) == 1 and amap.parent_of(evidence[0].id).target == amap.node(
        next(n.id for n in amap.nodes if n.text.startswith("북한 노동자들이"))).id
    # English words quoted in the text ("must", "However") cue nothing: no cue, hedge, marker, attack
    # or recommendation comes from a lexicon
    assert not amap.by_type(NodeType.RECOMMENDATION)
    # (the cues left are structure: a footnote's number, a list's bullet; none is a word)
    assert all(not n.hedged and not n.markers for n in amap.nodes)
    assert all(n.cue is None or not any(c.isalpha() for c in n.cue) for n in amap.nodes)
    assert all(e.type.value == "support" for e in amap.edges)
    assert all(e.cue is None or not any(c.isalpha() for c in e.cue) for e in amap.edges)


def test_lexicon_languages_are_still_found():
    assert identify_language(SEED.read_text(encoding="utf-8")) == "en"
    german = "Die Regierung muss jetzt handeln, weil die Häfen nicht mehr ausreichen und der Verkehr wächst."
    assert identify_language(german) == "de"
    amap = argmap.analyze(SEED)
    assert amap.settings["lang"] == "en" and "cues" not in amap.settings


@pytest.mark.parametrize("text, lang", [("日本政府は対策を講じるべきである。労働者の権利が守られていない。", "ja"),
                                        ("政府应当采取措施。工人的权利没有得到保护。", "zh"),
                                        ("Правительство должно принять меры. Права рабочих не защищены.", "ru")])
def test_scripts_name_their_language(text, lang):
    assert identify_language(text) == lang
    amap = argmap.analyze("# 題\n\n" + text)
    assert amap.settings["lang"] == lang and amap.settings["cues"] == STRUCTURE_ONLY


def test_audit_detects_the_language_and_reads_no_other_languages_words(tmp_path):
    from argmap.audit import audit

    text = KOREAN.replace("보고서는", "Critics argue that the plan fails. 보고서는")
    brief = tmp_path / "brief.md"
    brief.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(brief), "--json"])
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.stderr and "Korean (ko)" in result.stderr
    findings = json.loads(result.stdout)["findings"]
    # "Critics argue" is an English objection cue: in a Korean brief it is not read as one
    assert not [f for f in findings if f["code"] == "unanswered-attack"]
    assert not [f for f in audit(argmap.analyze(text)) if f.code == "unanswered-attack"]


def test_lower_casing_keeps_letters_letters_but_for_the_dotted_capital_i():
    letter = re.compile(r"[^\W\d_]")
    changed = {chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000
               and (len(chr(i).lower()) != 1 or bool(letter.match(chr(i))) != bool(letter.match(chr(i).lower())))}
    assert changed == {"\u0130"}


@settings(deadline=None)
@given(st.lists(st.sampled_from(["Die", "the", "und", "and", "İst", "ist", "DER", " ", ", ", "\n", "x1", "é"]), max_size=30))
def test_detect_language_as_counting_each_lower_cased_word(words):
    from argmap.lang.detect import detect_language, stop_words

    text = " ".join(words)
    tokens = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]  # a word: letters only
    expected = "en"
    if tokens:
        best = 0.0
        for lang in ("de", "en"):
            share = sum(1 for w in tokens if w in stop_words(lang)) / len(tokens)
            if share > best + 1e-9:
                expected, best = lang, share
        expected = expected if best >= 0.15 else "en"
    assert detect_language(text) == expected
