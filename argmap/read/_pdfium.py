"""The PDF character layer on PDFium (pypdfium2): words with boxes and font evidence, per page.

PDFium's text page gives every character in reading order with its box and the text object
it comes from; a text object carries one font at one size. Characters are grouped into
words at white space (PDFium inserts spaces and line breaks where the layout has gaps) and
wherever the font or size changes, so that a raised footnote marker set against a word is a
word of its own. Only the first and last character of a word are measured, and a text
object's font is read once: the calls into PDFium, not the layout, are what reading costs.
A page's link annotations that lead to a web address give each word under them its ``link``.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass

from ..errors import CorruptInput, EncryptedInput

__all__ = ["Word", "PageWords", "extract"]

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.I)
# PDFium's stand-ins: U+0002 and U+FFFE for a hyphen it judged to end a line, U+FFFF for unknown
_LINE_HYPHEN = {"\x02", "\ufffe"}
_FPDF_PAGEOBJ_IMAGE = 3


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    font: str = ""
    link: str | None = None  # the web address of the link annotation the word stands under


class PageWords(list):
    """A page's words, with the page's size."""

    def __init__(self, words, width: float, height: float):
        super().__init__(words)
        self.width = width
        self.height = height


class _Calls:
    """PDFium functions with the return types this layer wants (a text object as a plain address)."""

    def __init__(self, raw) -> None:
        lib = None
        try:
            from pypdfium2_raw import bindings

            lib = bindings._libs["pdfium"]
        except Exception:  # pragma: no cover - a pypdfium2 without the private handle
            lib = None
        if lib is not None:
            self.text_object = lib["FPDFText_GetTextObject"]
            self.text_object.restype = ctypes.c_void_p
            self.text_object.argtypes = raw.FPDFText_GetTextObject.argtypes
        else:  # pragma: no cover
            def _address(textpage, index, _f=raw.FPDFText_GetTextObject):
                return ctypes.cast(_f(textpage, index), ctypes.c_void_p).value
            self.text_object = _address
        self.loose_box = raw.FPDFText_GetLooseCharBox
        self.font_size = raw.FPDFText_GetFontSize
        self.angle = raw.FPDFText_GetCharAngle
        self.unicode = raw.FPDFText_GetUnicode
        self.count = raw.FPDFText_CountChars
        self.weight = raw.FPDFText_GetFontWeight
        self.font_info = raw.FPDFText_GetFontInfo
        self.matrix = raw.FPDFText_GetMatrix


def extract(data: bytes, name: str) -> tuple[list[PageWords], dict, int]:
    """The words of every page, the document's information dictionary, and how many images it holds.

    Raises ``EncryptedInput`` for a password-protected file and ``CorruptInput`` for one PDFium
    cannot open; a file damaged after some readable pages gives those pages.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise EncryptedInput(f"{name} is encrypted with a password: open it, remove the protection "
                                 "(or print it to a new PDF) and try again") from None
        raise CorruptInput(f"{name} is a damaged or truncated PDF and cannot be read ({_why(message)})") from None
    calls = _Calls(raw)
    pages: list[PageWords] = []
    images = 0
    try:
        try:
            info = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        except Exception:  # pragma: no cover - a broken information dictionary is no reason to stop
            info = {}
        for index in range(len(pdf)):
            try:
                page = pdf[index]
            except Exception as exc:
                if any(pages):
                    break  # a damaged tail: read what precedes it
                raise CorruptInput(f"{name} is a damaged or truncated PDF and cannot be read "
                                   f"({_why(str(exc))})") from None
            try:
                words = _page_words(page, calls, pdf.raw)
                if not words:
                    images += sum(1 for _ in page.get_objects(filter=(_FPDF_PAGEOBJ_IMAGE,), max_depth=2))
                pages.append(words)
            finally:
                page.close()
    finally:
        pdf.close()
    return pages, info, images


def _why(message: str) -> str:
    message = message.strip().splitlines()[0] if message.strip() else "unreadable"
    return message[:120]


def _page_words(page, calls: _Calls, document=None) -> PageWords:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(textpage.raw, calls, height)
    finally:
        textpage.close()
    if words and document is not None:
        _link_words(words, _page_links(document, page.raw, height))
    return PageWords(words, width, height)


def _page_links(document, page, height: float) -> list[tuple[float, float, float, float, str]]:
    """The page's links to web addresses: (x0, top, x1, bottom, address), top measured from the page's top.

    Links within the document (to a page, a note) lead to no source and are left out."""
    import pypdfium2.raw as raw

    out = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(document, action, None, 0)
        if size <= 1 or size > 8192 or not raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(document, action, buffer, size)
        address = buffer.value.decode("latin-1", errors="replace").strip()
        if address:
            out.append((min(rect.left, rect.right), height - max(rect.top, rect.bottom),
                        max(rect.left, rect.right), height - min(rect.top, rect.bottom), address))
    return out


def _link_words(words: list[Word], links: list[tuple[float, float, float, float, str]]) -> None:
    """Give each word whose middle lies inside a link's box that link's address."""
    for word in words if links else ():
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for x0, top, x1, bottom, address in links:
            if x0 <= x <= x1 and top <= y <= bottom:
                word.link = address
                break


def _words(tp, calls: _Calls, height: float) -> list[Word]:
    n = calls.count(tp)
    if n <= 0:
        return []
    text = _page_text(tp, calls, n)
    rect = _rect()
    fonts: dict[int, tuple[tuple[float, str, bool], bool]] = {}
    styles: dict[tuple[float, str, bool], tuple[float, str, bool]] = {}
    font_name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    matrix = _matrix()
    out: list[Word] = []
    text_object = calls.text_object
    loose_box = calls.loose_box

    start = -1  # the first character of the word being read
    style = None  # (size, font, bold) of that word
    last = -1  # its last character
    chars: list[str] = []

    def close() -> None:
        loose_box(tp, start, rect)
        x0, top, bottom = rect.left, height - rect.top, height - rect.bottom
        if 0 < style[0] < bottom - top:
            top = bottom - style[0]  # a box one size tall from the descent, whatever the font's ascent says
        if last != start:
            loose_box(tp, last, rect)
        x1 = rect.right
        out.append(Word("".join(chars), x0, x1, top, bottom, style[0], style[2], style[1]))

    for i in range(n):
        ch = text[i]
        if ch.isspace() or ch in _LINE_HYPHEN or ch == "\ufeff":
            if ch in _LINE_HYPHEN and chars:
                chars.append("-")  # a hyphen at the line end: the line joiner decides whether it stays
                last = i
            if chars:
                close()
                chars = []
            continue
        address = text_object(tp, i)
        info = fonts.get(address)
        if info is None:
            key, upright = _font(tp, calls, i, font_name, flags, matrix)
            info = fonts[address] = (styles.setdefault(key, key), upright)  # one tuple per style
        if not info[1]:
            continue  # rotated text: margins, stamps, watermarks
        if chars and info[0] is not style:
            close()
            chars = []
        if not chars:
            start = i
            style = info[0]
        chars.append(ch)
        last = i
    if chars:
        close()
    return out


def _matrix():
    import pypdfium2.raw as raw

    return raw.FS_MATRIX()


def _rect():
    import pypdfium2.raw as raw

    return raw.FS_RECTF()


def _page_text(tp, calls: _Calls, n: int) -> str:
    """The page's characters, one per index (PDFium's UTF-16 text, or character by character)."""
    buffer = ctypes.create_string_buffer((n + 1) * 2)
    import pypdfium2.raw as raw

    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="replace")
    if len(text) == n:
        return text
    return "".join(chr(calls.unicode(tp, i)) if 0 < calls.unicode(tp, i) < 0x110000 else "\ufffd"
                   for i in range(n))


def _font(tp, calls: _Calls, index: int, name_buffer, flags, matrix) -> tuple[tuple[float, str, bool], bool]:
    """((size, font name, bold), upright) of the text object a character belongs to."""
    size = float(calls.font_size(tp, index))
    if calls.matrix(tp, index, matrix):
        # the size the text is set in: the font's size scaled by the text and page matrices
        size *= math.hypot(matrix.c, matrix.d) or 1.0
    size = round(size, 2)
    length = calls.font_info(tp, index, name_buffer, len(name_buffer), ctypes.byref(flags))
    if length > len(name_buffer):
        name_buffer = ctypes.create_string_buffer(length)
        length = calls.font_info(tp, index, name_buffer, len(name_buffer), ctypes.byref(flags))
    font = name_buffer.raw[: max(0, length - 1)].decode("latin-1", errors="replace")
    weight = calls.weight(tp, index)
    bold = bool(_BOLD.search(font)) or weight >= 600
    angle = float(calls.angle(tp, index))
    upright = angle < 0.02 or angle > 6.2632  # radians: a whole turn less a degree
    return (size, font, bold), upright
