"""Drawing the map with Graphviz: ``dot`` runs only here, on the source ``argmap.formats.dot`` builds.

A map of a brief is one picture. A map of a long report (``is_large``) is an overview plus one
picture per section in a folder beside it (``brief.svg`` and ``brief.sections/``), the overview's boxes
linked to them and back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ArgmapError, GraphvizNotFound, OutputError, RenderError, UnsupportedFormat
from .files import atomic_write
from .formats.dot import (DEFAULT_LAYOUT, LAYOUTS, Section, digraph, is_large, overview_dot, section_dot,
                          sections, stagger)
from .model import ArgumentMap

__all__ = ["render", "svg_string", "section_svgs", "section_file", "sections_folder", "sections", "is_large",
           "IMAGE_FORMATS", "LAYOUTS", "DEFAULT_LAYOUT"]

#: what Graphviz draws; every other format is text (``argmap.formats``)
IMAGE_FORMATS = ("svg", "png", "pdf")


def _pipe(dot, fmt: str, encoding: str | None = None, stagger: int = 1):
    """``dot`` drawn; with ``stagger``, a claim's many unsupported supporters first spread over that many
    ranks by Graphviz's ``unflatten``, instead of one column as tall as all of them."""
    import graphviz

    try:
        if stagger > 1:
            dot = dot.unflatten(stagger=stagger)
        return dot.pipe(format=fmt, encoding=encoding)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound() from None
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz failed: {exc.stderr.decode(errors='replace').strip() if exc.stderr else exc}") from None


def _check_layout(layout: str | None) -> None:
    if layout is not None and layout not in LAYOUTS:
        raise UnsupportedFormat(f"unknown layout {layout!r} (must be one of {', '.join(LAYOUTS)})")


def svg_string(amap: ArgumentMap, layout: str | None = None) -> str:
    """The map as SVG text, for notebooks and the HTML report: the overview when the map is long."""
    if is_large(amap, layout):
        return _pipe(overview_dot(amap, layout, link=lambda s: f"#{s.anchor}"), "svg", "utf-8")
    return _pipe(digraph(amap, layout), "svg", "utf-8", stagger(amap))


def section_svgs(amap: ArgumentMap, layout: str | None = None) -> list[tuple[Section, str]]:
    """Each section's picture as SVG text (for a long map's HTML report)."""
    found = sections(amap, layout=layout)
    return [(s, _pipe(section_dot(amap, s, layout, len(found)), "svg", "utf-8", stagger(amap, s))) for s in found]


def _format_of(path: Path, format: str | None) -> str:
    suffix = path.suffix.lstrip(".").lower()
    return (format or (suffix if suffix in IMAGE_FORMATS else "svg")).lower()


def sections_folder(path: str | os.PathLike, format: str | None = None) -> Path:
    """The folder of the section pictures of the overview at ``path``: ``brief.sections`` beside ``brief.svg``,
    so that a long map adds one name beside the picture asked for, not one per section. An overview named
    without its format's suffix has a folder of its own, ``brief.svg.sections`` beside ``brief``, so that
    ``-o brief`` and ``-o brief.svg`` do not share one folder and rewrite each other's links back."""
    path = Path(path)
    fmt = _format_of(path, format)
    if path.suffix.lstrip(".").lower() == fmt:
        return path.with_name(f"{path.stem}.sections")
    return path.with_name(f"{path.name}.{fmt}.sections")


def section_file(path: str | os.PathLike, section: Section, format: str | None = None) -> Path:
    """Where a section's picture goes for the overview at ``path``: ``brief.sections/section-03.svg``."""
    fmt = _format_of(Path(path), format)
    return sections_folder(path, fmt) / f"section-{section.number:02d}.{fmt}"


def render(amap: ArgumentMap, path: str | os.PathLike, format: str | None = None,
           layout: str | None = None, *, problems: list[ArgmapError] | None = None) -> list[str]:
    """Draw to ``path`` (format from its suffix unless given), written atomically; returns the files.

    A long map (``is_large``) is drawn as an overview at ``path`` and one picture per section in the
    folder beside it (``section_file``); the overview's boxes link to the section pictures and back.
    A ``path`` without the format's suffix (``brief``) is still the overview's name, its section pictures
    ``brief.svg.sections/section-01.svg``. A section picture of an earlier, longer map that cannot be removed
    spoils nothing written (the new pictures link to none of them): it is an ``OutputError`` appended to
    ``problems`` when a list is given, and raised once everything is written when not.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "svg").lower()
    if fmt not in IMAGE_FORMATS:
        raise UnsupportedFormat(f"unknown image format {fmt!r} (must be one of {', '.join(IMAGE_FORMATS)})")
    _check_layout(layout)
    if not is_large(amap, layout):
        atomic_write(path, _pipe(digraph(amap, layout), fmt, stagger=stagger(amap)))
        return [str(path)]
    found = sections(amap, layout=layout)
    # links relative to the picture that holds them, so the set can be moved as a whole
    back = f"../{path.name}"
    pictures = [(section_file(path, s, fmt), section_dot(amap, s, layout, len(found), back=back), stagger(amap, s))
                for s in found]
    overview = overview_dot(amap, layout, link=lambda s: section_file(path, s, fmt).relative_to(path.parent).as_posix())
    folder = sections_folder(path, fmt)
    _check_folder(folder)
    data = [(path, _pipe(overview, fmt))] + [(where, _pipe(dot, fmt, stagger=n)) for where, dot, n in pictures]
    _check_folder(folder, make=True)
    # every picture is drawn before any is written; the section pictures are written before the overview
    # that links to them, so a failure part way leaves no overview pointing at pictures that are missing
    for where, payload in data[1:] + data[:1]:
        atomic_write(where, payload)
    left = _drop_stale(folder, {where.name for where, _ in data[1:]}, f".{fmt}")
    if left and problems is None:
        raise left[0]
    if problems is not None:
        problems.extend(left)
    return [str(where) for where, _ in data]


_SECTION_NAME = re.compile(r"section-\d+")


def _check_folder(folder: Path, make: bool = False) -> None:
    """Fail before anything is written where the section pictures' folder cannot be (a file in its place);
    with ``make``, make it, still before anything is written."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write the section pictures in {folder}: it exists and is not a directory")
    if make:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the section pictures in {folder}: {exc.strerror or exc}") from None


def _drop_stale(folder: Path, kept: set[str], suffix: str) -> list[OutputError]:
    """Remove the section pictures of this format left by an earlier, longer map: the new overview links to
    none of them. Pictures of other formats belong to another overview of the same name and stay.
    Returns one error per picture that could not be removed (the others are removed all the same)."""
    left = []
    for old in sorted(folder.glob(f"section-*{suffix}")):
        if old.name not in kept and old.suffix == suffix and _SECTION_NAME.fullmatch(old.stem):
            try:
                old.unlink()
            except OSError as exc:
                error = OutputError(f"cannot remove the old section picture {old} (no new picture links to it): "
                                    f"{exc.strerror or exc}")
                error.path = old
                left.append(error)
    return left
