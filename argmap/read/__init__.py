"""Reading: from a path, bytes or a string to a ``Document`` whose text the spans index.

The format is sniffed from the content first and the file name second. Each format has a
reader module (Markdown and plain text ``markdown``), imported only when a file needs it so that a
missing optional package costs nothing until then.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from importlib import import_module
from pathlib import Path

from ..errors import (BinaryInput, DecodeError, EmptyInput, InputNotFound, InputTooLarge, MissingDependency,
                      UnsupportedFormat)
from ..model import Document

__all__ = ["read_document", "read_text", "decode", "sniff_format", "require", "scrub", "READERS", "EXTRAS",
           "TEXT_SUFFIXES", "DOCUMENT_SUFFIXES", "DEFAULT_MAX_BYTES", "format_size"]

#: the largest input read unless asked otherwise: far above any brief, well below what would exhaust memory
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".mdown", ".mkd", ""}
#: format name -> "module:function" taking (data: bytes, name: str) and returning a Document
READERS: dict[str, str] = {
    "markdown": "argmap.read:read_text",
    "text": "argmap.read:read_text",
    "pdf": "argmap.read.pdf:read_pdf",
    "html": "argmap.read.html:read_html",
    "docx": "argmap.read.docx:read_docx",
}
#: format -> (the optional extra that brings its packages, the packages)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("pdf", ("pypdfium2",)),
    "html": ("html", ("beautifulsoup4", "lxml")),
    "docx": ("docx", ("python-docx", "lxml")),
}
_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
                   ".txt": "text", ".text": "text", ".pdf": "pdf", ".html": "html", ".htm": "html",
                   ".xhtml": "html", ".docx": "docx"}
#: the file suffixes of documents (what ``analyze`` maps, as opposed to a saved map)
DOCUMENT_SUFFIXES = frozenset(_SUFFIX_FORMATS)
_PATH_LIKE_MAX = 4096


def _looks_like_path(source: str) -> bool:
    if "\n" in source or len(source) > _PATH_LIKE_MAX or not source.strip():
        return False
    if os.path.exists(source):
        return True
    return Path(source).suffix.lower() in _SUFFIX_FORMATS and len(source.split()) <= 3


def sniff_format(data: bytes, name: str = "") -> str:
    """The format of ``data``: by its first bytes where they are telling, else by the name."""
    head = data[:2048].lstrip()
    lower = head.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx" if Path(name).suffix.lower() in (".docx", "") or b"word/" in data[:65536] else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # a legacy Word .doc, or an encrypted Office file
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom) and bom != b"\xef\xbb\xbf":
            lower = _utf16_head(data)
            break
    else:
        lower = lower.lstrip(b"\xef\xbb\xbf").lstrip()
    if (lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower[:512] or b"<body" in lower[:1024]
            or (lower.startswith(b"<?xml") and b"<html" in lower[:2048])):
        return "html"
    return _SUFFIX_FORMATS.get(Path(name).suffix.lower(), "text" if name else "markdown")


def _utf16_head(data: bytes) -> bytes:
    try:
        return data[:4096].decode("utf-16", errors="ignore").lstrip("\ufeff").lstrip().lower().encode("ascii", "ignore")
    except Exception:  # pragma: no cover - defensive
        return b""


def require(fmt: str, module: str):
    """Import ``module`` for reading ``fmt``, or say which extra to install."""
    try:
        return import_module(module)
    except ImportError:
        extra, packages = EXTRAS.get(fmt, (fmt, (module,)))
        raise MissingDependency(
            f"reading {fmt.upper()} needs {' and '.join(packages)}: install it with "
            f"pip install 'argmap[{extra}]' (or 'argmap[all]')"
        ) from None


def decode(data: bytes, name: str = "the file") -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, then a detected legacy encoding; binary refused, the
    error naming the file as ``name``."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict") if _is_utf8(data[3:]) else None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{name} starts like UTF-16 but does not decode as UTF-16 ({exc.reason})") from None
    else:
        text = data.decode("utf-8") if _is_utf8(data) else None
        if text is not None and "\x00" in text[:8192]:
            # ASCII saved as UTF-16 without a BOM is valid UTF-8 too, with a NUL after every letter
            text = _utf16_without_bom(data) or text
    if text is None:
        if b"\x00" in data[:8192]:
            text = _utf16_without_bom(data)
            if text is None:
                raise BinaryInput(f"{name} is binary data, not text (NUL bytes found)")
        else:
            text = _detect(data, name)
    if "\x00" in text:
        raise BinaryInput(f"{name} is binary data, not text (NUL characters found)")
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM shows NUL bytes in every other place."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / max(1, len(data) // 2)
    odd_nul = data[1::2].count(0) / max(1, len(data) // 2)
    codec = "utf-16-be" if even_nul > 0.3 and odd_nul < 0.05 else "utf-16-le" if odd_nul > 0.3 and even_nul < 0.05 else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / max(1, len(text))
    return text if printable > 0.95 else None


_CP1252_UNDEFINED = set(b"\x81\x8d\x8f\x90\x9d")


def _detect(data: bytes, name: str = "the file") -> str:
    """A legacy encoding: Western text (mostly ASCII) as cp1252, else what charset-normalizer finds."""
    ascii_ratio = sum(b < 0x80 for b in data) / len(data)
    if ascii_ratio >= 0.8 and not _CP1252_UNDEFINED & set(data):
        return data.decode("cp1252")
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a core dependency
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data).best()
        if best is not None and not best.encoding.startswith("utf_16") and not best.encoding.startswith("utf_32"):
            text = str(best)
            if _mostly_text(text) and _has_breaks(text):
                return text
    raise DecodeError(f"{name} is not text in any encoding argmap recognises (tried UTF-8, UTF-16 and legacy encodings)")


def _has_breaks(text: str) -> bool:
    """Real documents have spaces, line breaks or punctuation; decoded noise runs on without them."""
    sample = text[:4000]
    breaks = sum(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in sample)
    return len(sample) < 200 or breaks / len(sample) > 0.02


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad / len(text) < 0.01


_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_LINE_SEPARATOR = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_NOT_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")
# what any of the three above replaces: one scan says whether there is anything to do
_ANY_SCRUBBED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def scrub(text: str) -> str:
    """The text with what no output format can carry replaced, one character for one.

    Control characters become spaces, the other line separators (vertical tab, form feed,
    information separators, NEL, U+2028/2029) become newlines, and lone surrogates and non-characters
    become U+FFFD. The length is unchanged, so offsets into the text stay valid.
    """
    if text.isascii() and text.isprintable() or not _ANY_SCRUBBED.search(text):
        return text
    text = _CONTROL.sub(" ", text)
    text = _LINE_SEPARATOR.sub("\n", text)
    return _NOT_CHARACTER.sub("\ufffd", text)


def normalise(text: str) -> str:
    """One text for spans to index: BOM dropped, newlines unified, NFC composed, controls scrubbed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = scrub(text)
    try:
        return unicodedata.normalize("NFC", text)
    except UnicodeError:  # pragma: no cover - scrub removed what NFC cannot take
        return text


def format_size(size: int) -> str:
    """``52428800`` → ``50 MB`` (binary multiples, as the limit is given)."""
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _too_large(label: str, size: int | None, max_bytes: int) -> InputTooLarge:
    what = f"{label} is {format_size(size)}" if size is not None else f"{label} is larger than that"
    return InputTooLarge(f"{what}, more than the limit of {format_size(max_bytes)} "
                         "(raise it with --max-bytes, or max_bytes=…; 0 means no limit)")


def _read_path(path: Path, max_bytes: int | None) -> bytes:
    """A file's bytes, never more than ``max_bytes`` + 1 read (a FIFO or device cannot run on forever)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputNotFound(f"{path} is a directory, not a file")
    if max_bytes and stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise _too_large(path.name, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1) if max_bytes else handle.read()
    except OSError as exc:
        raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
    if max_bytes and len(data) > max_bytes:
        raise _too_large(path.name, None, max_bytes)
    return data


def read_text(data: bytes | str, name: str = "document", fmt: str = "markdown") -> Document:
    """Markdown or plain text (plain text is read as Markdown without marks)."""
    text = decode(data, name) if isinstance(data, bytes) else data
    text = normalise(text)
    if not text.strip():
        raise EmptyInput(f"{name} is empty: there is no text to map")
    from .markdown import read_markdown

    return read_markdown(text, name=name, fmt=fmt)


def read_document(source: str | os.PathLike | bytes, *, name: str | None = None, format: str | None = None,
                  max_bytes: int | None = DEFAULT_MAX_BYTES) -> Document:
    """Read a path, raw bytes or a string of Markdown/text into a ``Document``.

    An input larger than ``max_bytes`` (UTF-8 bytes for a string) raises ``InputTooLarge``
    before it is decoded; ``max_bytes=0`` or ``None`` lifts the limit.
    """
    if isinstance(source, (bytes, bytearray)):
        data, label = bytes(source), name or "document"
        if max_bytes and len(data) > max_bytes:
            raise _too_large(label, len(data), max_bytes)
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        if not path.exists() and not path.is_symlink():
            raise InputNotFound(f"no such file: {path}")
        data = _read_path(path, max_bytes)
        label = name or path.name
    else:
        label = name or "document"
        if max_bytes and len(source) > max_bytes // 4:  # a character is 1 to 4 bytes in UTF-8
            size = len(source.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                raise _too_large(label, size, max_bytes)
        return read_text(str(source), name=label, fmt=format or "markdown")
    if not data.strip():
        raise EmptyInput(f"{label} is empty: there is no text to map")
    fmt = format or sniff_format(data, label)
    target = READERS.get(fmt)
    if fmt == "ole":
        raise UnsupportedFormat(f"cannot read {label}: it is a legacy Word .doc or a password-protected Office "
                                "file; save it as .docx (without a password) or as PDF")
    if target is None:
        raise UnsupportedFormat(f"cannot read {label}: {fmt.upper()} input is not supported (supported: "
                                f"{', '.join(sorted(READERS))})")
    module, _, func = target.partition(":")
    reader = getattr(import_module(module), func)
    document = reader(data, label, fmt) if reader is read_text else reader(data, label)
    named = _SUFFIX_FORMATS.get(Path(label).suffix.lower())
    if format is None and named in ("pdf", "html", "docx") and named != fmt:
        document.metadata.extra["format_note"] = (f"named {Path(label).suffix.lower()} but read as "
                                                  f"{fmt.upper()}, by its content")
    return document
