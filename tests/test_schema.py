"""The published JSON Schema: our JSON validates, broken JSON does not, and every key we write is declared."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.formats import write
from argmap.schema import load_schema, schema_text
from hostile_maps import build_map, hostile_text

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is installed by the test extra")


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_example_validates(seed_map, validator):
    validator.validate(json.loads(write(seed_map, "json")))


def test_every_key_we_write_is_declared(seed_map):
    schema = load_schema()
    data = json.loads(write(seed_map, "json"))
    assert set(data) <= set(schema["properties"]), "add the new top-level key to argmap/schema/argmap.schema.json"
    for kind, items in (("node", data["nodes"]), ("edge", data["edges"])):
        declared = set(schema["$defs"][kind]["properties"])
        for item in items:
            assert set(item) <= declared, f"add {set(item) - declared} to the schema's {kind}"


@pytest.mark.parametrize("breakage", [
    lambda d: d.update(format="argmap/0"),
    lambda d: d["nodes"][0].update(type="thesis"),
    lambda d: d["nodes"][0].update(spans=[[1, 2, 3]]),
    lambda d: d["nodes"][0].pop("id"),
    lambda d: d["edges"][0].update(type="undercut"),
    lambda d: d["edges"][0].update(primary="yes"),
    lambda d: d.pop("nodes"),
    lambda d: d["metadata"].update(pages=3),
])
def test_broken_json_is_refused(seed_map, validator, breakage):
    data = copy.deepcopy(json.loads(write(seed_map, "json")))
    breakage(data)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_json(validator, texts):
    amap = build_map(texts)
    text = write(amap, "json")
    data = json.loads(text)
    validator.validate(data)
    assert [n["text"] for n in data["nodes"]] == [n.text for n in amap.nodes]


def test_schema_command_prints_the_shipped_file():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    assert json.loads(result.stdout)["properties"]["format"]["const"] == "argmap/1"
