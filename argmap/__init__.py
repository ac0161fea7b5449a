"""argmap: turn an argumentative document, a policy brief first of all, into an argument map."""

from .errors import ArgmapError
from .model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType

__all__ = ["analyze", "ArgumentMap", "Node", "Edge", "NodeType", "EdgeType", "Metadata", "ArgmapError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``argmap.analyze`` is imported on first use: the command line starts without the pipeline's modules."""
    if name == "analyze":
        from .pipeline import analyze

        return analyze
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")
