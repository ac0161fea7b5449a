"""argmap: turn an argumentative document, a policy brief first of all, into an argument map."""

from .errors import ArgmapError
from .model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from .pipeline import analyze

__all__ = ["analyze", "ArgumentMap", "Node", "Edge", "NodeType", "EdgeType", "Metadata", "ArgmapError"]
__version__ = "0.1.0"
