"""The JSON Schema of argmap's native JSON, shipped with the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["schema_text", "load_schema", "SCHEMA_FILE"]

SCHEMA_FILE = "argmap.schema.json"


def schema_text() -> str:
    """The schema file's text, exactly as shipped."""
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema as a dictionary (for ``jsonschema.validate``)."""
    return json.loads(schema_text())
