"""Languages: the packs that hold every word argmap matches, and telling which language a text is in.

``argmap/lang/<code>/`` is a language's pack (see ``argmap.lang.pack`` and docs/languages.md);
``argmap.lang.detect`` identifies a text's language among the packs and beyond them.
"""

from .detect import STRUCTURE_ONLY, detect_language, identify_language, language_name, language_note
from .pack import PARTS, load_part, pack_languages

__all__ = ["detect_language", "identify_language", "language_name", "STRUCTURE_ONLY", "language_note",
           "PARTS", "load_part", "pack_languages"]
