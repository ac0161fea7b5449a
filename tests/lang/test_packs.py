"""Language packs: each follows its schema, and a broken pack is an error that names its file and key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError, LanguagePackError, UnsupportedFormat
from argmap.lang import PARTS, load_part, pack_languages
from argmap.lang.pack import LISTS, check, empty_part, fill_lists, read_part, schema

PACKS = Path(__file__).resolve().parents[2] / "argmap" / "lang"


def test_english_and_german_have_packs():
    assert {"en", "de"} <= set(pack_languages())


@pytest.mark.parametrize("part", PARTS)
def test_every_schema_is_valid_json_schema(part):
    jsonschema.Draft202012Validator.check_schema(schema(part))


@pytest.mark.parametrize("lang", pack_languages())
@pytest.mark.parametrize("part", PARTS)
def test_every_pack_follows_its_schema(lang, part):
    data = json.loads((PACKS / lang / f"{part}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema(part), format_checker=jsonschema.FormatChecker()).validate(data)
    assert check(data, schema(part)) == []
    assert data["language"] == lang
    assert load_part(lang, part) == (fill_lists(data) if LISTS in data else data)


@pytest.mark.parametrize("part", PARTS)
def test_the_parts_of_every_pack_have_the_same_keys(part):
    keys = {lang: set(load_part(lang, part)) for lang in pack_languages()}
    assert all(k == set(schema(part)["properties"]) for k in keys.values()), keys


def _broken(tmp_path, part, change):
    data = json.loads(json.dumps(load_part("en", part)))
    change(data)
    path = tmp_path / f"{part}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_misspelt_key_names_the_file_and_the_key(tmp_path):
    path = _broken(tmp_path, "cues", lambda d: d.__setitem__("hegdes", d.pop("hedges")))
    with pytest.raises(LanguagePackError) as caught:
        read_part(path, "cues")
    message = str(caught.value)
    assert str(path) in message
    assert message.endswith("unknown key 'hegdes' (did you mean 'hedges'?)")  # one problem, said once


def test_a_missing_nested_key_is_named_with_its_path(tmp_path):
    path = _broken(tmp_path, "cues", lambda d: d["markers"].pop("contrast"))
    with pytest.raises(LanguagePackError, match=r"missing key 'markers\.contrast'"):
        read_part(path, "cues")


@pytest.mark.parametrize("part, change, expected", [
    ("cues", lambda d: d.__setitem__("hedges", "perhaps"), r"hedges should be an array, not a string"),
    ("cues", lambda d: d["hedges"].append(3), r"hedges\[\d+\] should be a string, not an integer"),
    ("cues", lambda d: d["thesis_patterns"].append("(unclosed"), r"thesis_patterns\[\d+\] is not a regular expression"),
    ("cues", lambda d: d["ordinals"].__setitem__("umpteenth", "many"), r"ordinals\.umpteenth should be an integer"),
    ("cues", lambda d: d["inner_marker_roles"].append("contrasts"), r"inner_marker_roles\[\d+\] is 'contrasts', not one of"),
    ("dates", lambda d: d["orders"].append("year month day"), r"orders\[\d+\] is 'year month day'"),
    ("audit", lambda d: d.__setitem__("max_words_between", -1), r"max_words_between is -1, below 0"),
])
def test_a_mistyped_value_names_the_key(tmp_path, part, change, expected):
    with pytest.raises(LanguagePackError, match=expected):
        read_part(_broken(tmp_path, part, change), part)


def _raw(lang="en", part="cues"):
    return json.loads((PACKS / lang / f"{part}.json").read_text(encoding="utf-8"))


def _written(tmp_path, data, part="cues"):
    path = tmp_path / f"{part}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", pack_languages())
def test_the_named_lists_are_filled_into_the_patterns_when_a_pack_is_loaded(lang):
    raw, loaded = _raw(lang), load_part(lang, "cues")
    assert loaded[LISTS] == {}  # once loaded, the lists are spent
    named = [(key, i) for key, value in raw.items() if key.endswith("_patterns")
             for i, pattern in enumerate(value) if re.search(r"\{[A-Za-z_]\w*\}", pattern)]
    assert bool(named) == bool(raw[LISTS])  # a pack's lists are each named by a pattern
    for key, i in named:
        assert not re.search(r"\{[A-Za-z_]\w*\}", loaded[key][i]), (key, loaded[key][i])
        assert loaded[key][i] != raw[key][i]
    assert {key: value for key, value in loaded.items() if not key.endswith("_patterns") and key != LISTS} == {
        key: value for key, value in raw.items() if not key.endswith("_patterns") and key != LISTS}


def test_a_list_is_one_group_of_its_items_in_their_order_and_may_name_another_list(tmp_path):
    data = json.loads(json.dumps(load_part("en", "cues")))  # its own lists filled in and spent
    data[LISTS] = {"nouns": ["report", "{series}"], "series": ["in focus", "fact sheet"], "none": []}
    data["thesis_patterns"] = ["^this {nouns} argues\\b", "^{none}"]
    loaded = read_part(_written(tmp_path, data), "cues")
    assert loaded["thesis_patterns"] == ["^this (?:report|(?:in focus|fact sheet)) argues\\b", "^(?!)"]
    pattern = re.compile(loaded["thesis_patterns"][0], re.IGNORECASE)
    assert pattern.match("This Fact Sheet argues") and not pattern.match("This sheet argues")
    assert not re.match(loaded["thesis_patterns"][1], "anything")  # an empty list matches nothing


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["thesis_patterns"].append("^this {documnet_nouns} argues"),
     r"thesis_patterns\[\d+\] names \{documnet_nouns\}, which is not in pattern_lists "
     r"\(did you mean 'document_nouns'\?\)"),
    (lambda d: d[LISTS].__setitem__("unused_nouns", ["report"]), r"pattern_lists\.unused_nouns is used by no pattern$"),
    (lambda d: d[LISTS]["document_nouns"].append("{document_nouns}"),
     r"pattern_lists\.document_nouns names itself \(document_nouns → document_nouns\)"),
    (lambda d: d[LISTS]["meta_verbs"].append("{nowhere}"),
     r"pattern_lists\.meta_verbs\[\d+\] names \{nowhere\}, which is not in pattern_lists"),
    (lambda d: d[LISTS]["meta_verbs"].append("(?s)notes"),
     r"meta_statement_patterns\[\d+\] is not a regular expression once its lists are filled in"),
])
def test_a_wrong_name_or_an_unused_list_is_an_error_naming_the_file(tmp_path, change, expected):
    data = _raw()
    change(data)
    path = _written(tmp_path, data)
    assert check(data, schema("cues")) == []  # the schema allows it: the error is the lists' own
    with pytest.raises(LanguagePackError, match=re.escape(str(path)) + ": .*" + expected):
        read_part(path, "cues")
    with pytest.raises(LanguagePackError, match=expected):
        fill_lists(data)


def test_a_quantifier_or_an_escaped_brace_names_no_list():
    data = json.loads(json.dumps(load_part("en", "cues")))
    data[LISTS] = {}
    data["thesis_patterns"] = ["^(\\w+ ){0,2}argues\\b", "\\{literal}"]  # an escaped brace
    assert fill_lists(data)["thesis_patterns"] == data["thesis_patterns"]


def test_a_file_that_is_not_json_or_is_missing(tmp_path):
    bad = tmp_path / "cues.json"
    bad.write_text('{"language": "xx",', encoding="utf-8")
    with pytest.raises(LanguagePackError, match=r"cues\.json: not JSON \(line 1"):
        read_part(bad, "cues")
    with pytest.raises(LanguagePackError, match=r"dates\.json: missing"):
        read_part(tmp_path / "dates.json", "dates")


def test_pack_errors_are_argmap_errors_with_their_own_exit_code():
    assert issubclass(LanguagePackError, ArgmapError)
    assert LanguagePackError.exit_code not in {c.exit_code for c in ArgmapError.__subclasses__() if c is not LanguagePackError}


def test_a_language_without_a_pack_is_refused_by_name():
    with pytest.raises(UnsupportedFormat, match=r"no language pack for 'xx' \(available: .*de.*en"):
        load_part("xx", "cues")


@pytest.mark.parametrize("part", PARTS)
def test_an_empty_part_follows_the_schema_but_for_its_language(part):
    data = empty_part(part, "ko")
    assert set(data) == set(schema(part)["properties"]) and data["language"] == "ko"
    assert check(data, schema(part)) == []


_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                       max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(part=st.sampled_from(PARTS), data=st.data(), value=_VALUES, drop=st.booleans())
def test_the_run_time_check_agrees_with_jsonschema(part, data, value, drop):
    """The check at load time accepts exactly what a JSON Schema validator accepts."""
    pack = json.loads(json.dumps(load_part("en", part)))
    keys = sorted(schema(part)["properties"])
    key = data.draw(st.sampled_from(keys) | st.text(min_size=1, max_size=12), label="key")
    target = pack
    if key == "markers" and not drop:  # one level down as well: a role's list
        target, key = pack["markers"], data.draw(st.sampled_from(sorted(pack["markers"]) + ["contrasts"]))
    if drop and key in target:
        del target[key]
    else:
        target[key] = value
    data = pack
    validator = jsonschema.Draft202012Validator(schema(part), format_checker=jsonschema.FormatChecker())
    assert (check(data, schema(part)) == []) == validator.is_valid(data)


def test_the_guide_to_adding_a_language_names_every_part():
    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "languages.md").read_text(encoding="utf-8")
    assert all(f"`{part}.json`" in guide for part in PARTS)
    assert "docs/languages.md" in (root / "README.md").read_text(encoding="utf-8")


def test_the_packs_digest_covers_every_pack_file_and_schema():
    """A batch re-maps when a pack changes: its settings digest reads every pack file."""
    from argmap.lang.pack import pack_files, packs_digest

    names = {f"{f.parent.name}/{f.name}" for f in pack_files()}
    expected = {f"{lang}/{part}.json" for lang in pack_languages() for part in PARTS}
    expected |= {f"schema/{part}.schema.json" for part in PARTS}
    assert names == expected
    assert len(packs_digest()) == 64


@pytest.fixture
def broken_install(tmp_path):
    """A copy of the package in which the German cues misspell a key: an installation a user broke."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(PACKS.parent, site / "argmap", ignore=shutil.ignore_patterns("__pycache__"))
    cues_file = site / "argmap" / "lang" / "de" / "cues.json"
    cues = json.loads(cues_file.read_text(encoding="utf-8"))
    cues["hegdes"] = cues.pop("hedges")
    cues_file.write_text(json.dumps(cues), encoding="utf-8")
    return site


def test_a_broken_pack_ends_the_command_with_one_error_line(broken_install, tmp_path):
    import os
    import subprocess
    import sys

    brief = tmp_path / "brief.md"
    brief.write_text("# Die Stadt sollte Radwege bauen\n\nDie Stadt sollte mehr Radwege bauen, weil sie sicherer sind.\n",
                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(broken_install)}
    result = subprocess.run([sys.executable, "-m", "argmap.cli", "analyze", str(brief), "--lang", "de", "-f", "json",
                             "-o", str(tmp_path / "out")], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == LanguagePackError.exit_code
    assert result.stderr == "Error: argmap/lang/de/cues.json: unknown key 'hegdes' (did you mean 'hedges'?)\n"
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "brief.json").exists()
