"""The outside programs the format tests check our output with, and what a reader sees in a Mermaid box."""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

from argmap.model import NodeType
from hostile_maps import fold

ROOT = Path(__file__).resolve().parent.parent


def argdown_program() -> str | None:
    """``argdown`` from $ARGDOWN, the PATH, or a project-local ``node_modules``."""
    for candidate in (os.environ.get("ARGDOWN"), shutil.which("argdown"), ROOT / "node_modules" / ".bin" / "argdown"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def mermaid_js() -> Path | None:
    """``$ARGMAP_MERMAID_JS``, else the bundle .ci/setup.d/41-mermaid.sh installs."""
    if os.environ.get("ARGMAP_MERMAID_JS"):
        return Path(os.environ["ARGMAP_MERMAID_JS"])
    found = sorted(glob.glob("/usr/local/share/argmap/mermaid-*.min.js"))
    return Path(found[-1]) if found else None


ARGDOWN = argdown_program()
MERMAID_JS = mermaid_js()


def mermaid_text(node) -> str:
    """A unit's text as its Mermaid box shows it: evidence cut at 200 characters, white space folded."""
    text = node.text
    if node.type == NodeType.EVIDENCE and len(text) > 200:
        text = text[:199].rstrip() + "…"
    return fold(text)


def mermaid_label(node) -> str:
    """What a reader sees in the node: id, role, text (white space folded)."""
    role = str(node.type).replace("_", " ") + (" · hedged" if node.hedged else "")
    return f"{node.id} · {role} · {mermaid_text(node)}"
