"""Writing the files of one analysis: every format asked for, text first, images last, each written whole."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from .errors import ArgmapError, GraphvizNotFound, OutputError
from .files import atomic_write
from .formats import FORMATS, verify_formats, write
from .model import ArgumentMap
from .render import IMAGE_FORMATS, render

__all__ = ["atomic_write", "write_outputs", "output_text", "output_name", "safe_stem", "format_of_file", "Target",
           "output_target", "usage_error"]


def output_text(amap: ArgumentMap, fmt: str, *, layout: str | None = None) -> str:
    """The map as text in ``fmt``; a format that shows the audit (the HTML report) is given its findings,
    one that carries pictures (DOT, HTML) the ``layout``."""
    verify_formats([fmt])
    options: dict = {"layout": layout}
    if "findings" in FORMATS[fmt].options:
        from .audit import audit

        options["findings"] = audit(amap)
    return write(amap, fmt, **options)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*\u2028\u2029]')
_STEM_BYTES = 160  # with a suffix, well inside the 255 bytes a file name may have


def safe_stem(name: str) -> str:
    """A file stem that cannot leave the output directory.

    No separators, no leading dots (so no ``..``), no control characters or characters
    Windows refuses, no trailing dots or spaces, at most 160 UTF-8 bytes; ``document`` if
    nothing is left.
    """
    stem = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".md", ".markdown", ".txt", ".pdf", ".html", ".htm", ".docx", ".json"):
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = _UNSAFE.sub("_", stem.replace(os.sep, "_")).strip()
    stem = stem.encode("utf-8", "replace")[:_STEM_BYTES].decode("utf-8", "ignore")
    stem = stem.lstrip(". ").rstrip(". ") or "document"
    return stem


def output_name(stem: str, fmt: str) -> str:
    if fmt in IMAGE_FORMATS:
        return f"{stem}.{fmt}"
    return stem + FORMATS[fmt].suffix


def format_of_file(path: str | os.PathLike, among=None) -> tuple[str, str] | None:
    """The format a file name asks for by its suffix, and the name without it: ``map.aif.json`` is
    ``("aif", "map")``, ``map.svg`` ``("svg", "map")``; None when no format (of ``among``, if given)
    ends the name.

    The longest suffix wins, so ``.aif.json`` is AIF and only a bare ``.json`` the JSON map."""
    name = Path(path).name
    suffixes = [(FORMATS[fmt].suffix, fmt) for fmt in FORMATS] + [(f".{fmt}", fmt) for fmt in IMAGE_FORMATS]
    if among is not None:
        suffixes = [(suffix, fmt) for suffix, fmt in suffixes if fmt in among]
    for suffix, fmt in sorted(suffixes, key=lambda item: -len(item[0])):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return fmt, name[: -len(suffix)]
    return None


class Target(NamedTuple):
    """Where ``-o`` sends the files: the directory, the stem of their names, the formats, and the one
    file's name exactly as the user wrote it (None when ``-o`` is a directory)."""

    directory: Path
    stem: str
    formats: list[str]
    name: str | None = None


def usage_error(message: str) -> ArgmapError:
    error = ArgmapError(message)
    error.exit_code = 2
    return error


#: every suffix argmap writes, lower-cased: a name that is only one of them names no file
_SUFFIXES = frozenset({FORMATS[f].suffix.lower() for f in FORMATS} | {f".{f}" for f in IMAGE_FORMATS})


def output_target(output: str | os.PathLike, stem: str, formats: list[str], *, asked: bool) -> Target:
    """What ``-o`` means, decided before any work.

    An existing directory, or a name ending in a slash, is the directory for ``formats`` under ``stem``.
    A name whose suffix is a format (``map.html``, ``report.SVG``, ``map.aif.json``) is that one file,
    written under the name given; if ``-f`` was ``asked`` for other formats, that is refused. A name
    whose suffix is only letters but no format (``notes.md``) is refused: it reads as a file argmap
    cannot write, and a directory of that name would surprise. Any other name is a directory, refused
    at once if a file holds that name. Every refusal is a usage error (exit code 2), said before any work:
    an empty ``-o``, a name that is only a format's suffix (``.json``), a directory name a file holds.
    """
    raw = os.fspath(output)
    if not raw.strip():
        raise usage_error("-o is empty: give a directory (-o maps/) or a file name (-o map.json)")
    path = Path(raw)
    if raw.endswith(("/", os.sep)) or (os.altsep and raw.endswith(os.altsep)) or path.is_dir():
        if path.exists() and not path.is_dir():
            raise usage_error(f"-o {raw}: {path} exists and is not a directory")
        return Target(path, stem, formats)
    if path.name.lower() in _SUFFIXES:  # ".json" alone: a format's suffix with no name before it
        raise usage_error(f"-o {raw}: {path.name} is a format's suffix with no name before it; "
                           f"name the file (-o map{path.name}) or the directory (-o maps/)")
    named = format_of_file(path)
    if named is None:
        suffix = path.suffix
        if suffix[1:].isascii() and suffix[1:].isalpha():
            known = ", ".join(sorted(_SUFFIXES))
            raise usage_error(f"-o {raw}: {suffix} is no format argmap writes (a file's name must end in one of "
                               f"{known}); to write into a directory of that name, end it with a slash "
                               f"(-o {raw}/)")
        if path.exists():  # said before any work, not after it (``write_outputs`` would refuse it there)
            raise usage_error(f"-o {raw}: {path} exists and is not a directory")
        return Target(path, stem, formats)
    fmt, named_stem = named
    if asked and formats != [fmt]:
        remedy = ("give -o a directory to write several formats, or drop -f" if len(formats) > 1 else
                  f"name the file for that format ({output_name(named_stem, formats[0])}), or drop -f")
        raise usage_error(f"-o {raw} names one {fmt} file, but -f asks for {','.join(formats)}: {remedy}")
    return Target(path.parent, named_stem, [fmt], path.name)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_outputs(amap: ArgumentMap, outdir: str | os.PathLike, formats: list[str], *, stem: str | None = None,
                  protect: list[str | os.PathLike] | tuple = (),
                  layout: str | None = None, name: str | None = None) -> tuple[list[Path], list[ArgmapError]]:
    """Write every requested format; text formats first, images last.

    Returns the files written and the problems that did not stop the run: the formats that could not be
    made (a missing Graphviz program does not stop the JSON and DOT from being written), then the old
    section pictures that could not be removed (``OutputError``s; nothing written links to them). Every file lands
    in ``outdir`` (see ``safe_stem``); none may be one of the ``protect`` files (the input):
    that is refused before anything is written. A long map's pictures are an overview plus one
    picture per section (``argmap.render.render``); ``layout`` is the pictures' ``--layout``. ``name``
    is the one format's file name as the user gave it (``-o report.HTML``), kept as it is.
    """
    verify_formats(formats, extra=IMAGE_FORMATS)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir} exists and is not a directory")
    stem = safe_stem(stem or amap.name)
    if name is not None and len(formats) != 1:
        raise ValueError("a file name is given for one format only")
    names = {fmt: name if name is not None else output_name(stem, fmt) for fmt in formats}
    targets = [outdir / names[fmt] for fmt in formats] + [outdir / output_name(stem, "dot")]
    for target in targets:
        for kept in protect:
            if _same_file(target, Path(kept)):
                raise OutputError(f"writing {target} would overwrite the input file {kept}: "
                                  "choose another output directory (-o)")
    written: list[Path] = []
    problems: list[ArgmapError] = []
    left: list[ArgmapError] = []
    for fmt in [f for f in formats if f not in IMAGE_FORMATS]:
        written.append(atomic_write(outdir / names[fmt], output_text(amap, fmt, layout=layout)))
    for fmt in [f for f in formats if f in IMAGE_FORMATS]:
        try:
            written.extend(Path(p) for p in render(amap, outdir / names[fmt], format=fmt, layout=layout,
                                                   problems=left))
        except GraphvizNotFound as exc:
            exc.path = outdir / names[fmt]
            problems.append(exc)
    if problems and "dot" not in formats:
        # the picture can still be drawn later, elsewhere, from the DOT source
        written.append(atomic_write(outdir / output_name(stem, "dot"), write(amap, "dot")))
    return written, problems + left
