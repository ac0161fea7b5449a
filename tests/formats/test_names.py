"""Names made unique within one file: one helper for the Argdown titles, the outline's note labels and Mermaid's ids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.formats.argdown import statement_titles
from argmap.formats.mermaid import mermaid_ids
from argmap.formats.names import unique_name
from argmap.formats.outline import footnote_labels
from argmap.model import ArgumentMap, Node, NodeType


@given(st.lists(st.sampled_from(["a", "a 2", "a 3", "b", "a-2", ""]), max_size=12), st.sampled_from([" ", "-", "_"]))
def test_each_name_is_the_first_free_one_of_its_base(bases, sep):
    taken: set[str] = set()
    for base in bases:
        name = unique_name(base, taken, sep)
        assert name not in taken
        assert name == base or (name.startswith(base + sep) and name[len(base) + len(sep):].isdigit())
        taken.add(name)
    assert unique_name("fresh", taken, sep) == "fresh"


def test_the_formats_give_colliding_parts_distinct_names():
    # ids that read the same once made safe, notes with one label, an unsafe id beside the name it would take
    nodes = [Node("MC", NodeType.MAJOR_CLAIM, "Costs rose.", []), Node("C 1", NodeType.CLAIM, "Costs rose.", []),
             Node("C-1", NodeType.CLAIM, "Costs rose.", []), Node("end", NodeType.PREMISE, "x", []),
             Node("n4", NodeType.PREMISE, "y", []),
             Node("E1", NodeType.EVIDENCE, "GAO.", [], footnote="1"), Node("E2", NodeType.EVIDENCE, "CRS.", [], footnote="1")]
    amap = ArgumentMap(nodes, [])
    for names in (statement_titles(amap), mermaid_ids(amap)):
        assert len(set(names.values())) == len(nodes)
    labels = footnote_labels(amap)
    assert labels == {"E1": "1", "E2": "1-2"}
