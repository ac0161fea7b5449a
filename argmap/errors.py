"""Typed errors: each one a message a user can act on, and the exit code the CLI gives it."""

__all__ = [
    "ArgmapError",
    "InputError",
    "InputNotFound",
    "EmptyInput",
    "BinaryInput",
    "DecodeError",
    "UnsupportedFormat",
    "CorruptInput",
    "EncryptedInput",
    "NeedsOCR",
    "InputTooLarge",
    "MissingDependency",
    "ModelNotFound",
    "RenderError",
    "GraphvizNotFound",
    "MapTooLarge",
    "OutputError",
    "StoreError",
    "LanguagePackError",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
]

#: exit codes that belong to no error class: a failure inside argmap (out of memory, a bug), and Ctrl-C
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 1
    #: for an output that could not be made: the file that was not written
    path = None


class InputError(ArgmapError):
    """The input cannot be read as a document."""

    exit_code = 2


class InputNotFound(InputError):
    """The path does not exist or is not a file."""


class EmptyInput(InputError):
    """The document holds no text."""

    exit_code = 3


class BinaryInput(InputError):
    """The file is binary data, not a document argmap can read."""

    exit_code = 4


class DecodeError(InputError):
    """The bytes are not text in any encoding argmap recognises."""

    exit_code = 4


class UnsupportedFormat(InputError):
    """The format (of a file or of a requested export) is not one argmap knows."""

    exit_code = 5


class CorruptInput(InputError):
    """The file is damaged: a truncated PDF, a broken ZIP named .docx, an unparsable package."""

    exit_code = 4


class EncryptedInput(InputError):
    """The document is password-protected and cannot be read without the password."""

    exit_code = 2


class NeedsOCR(EmptyInput):
    """The PDF holds only images of pages: its text must be recognised (OCR) first."""


class InputTooLarge(InputError):
    """The input is larger than the size limit (``max_bytes``, ``--max-bytes``)."""


class MissingDependency(ArgmapError):
    """An optional package or extra is needed for this job."""

    exit_code = 6


class ModelNotFound(MissingDependency):
    """The spaCy pipeline named with ``--model`` is not installed."""


class RenderError(ArgmapError):
    """Graphviz failed to draw the map."""

    exit_code = 7


class GraphvizNotFound(RenderError):
    """The Graphviz ``dot`` program is not on the PATH."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Graphviz's 'dot' program was not found: install it with 'sudo apt-get install graphviz' "
            "(Debian/Ubuntu) or 'brew install graphviz' (macOS)"
        )


class MapTooLarge(RenderError):
    """No longer raised: a long map is drawn as an overview plus section pictures. Kept so that
    code catching it still runs."""


class OutputError(ArgmapError):
    """The output cannot be written where it was asked to go."""

    exit_code = 8


class StoreError(ArgmapError):
    """The SQLite store cannot be opened, written or queried."""

    exit_code = 9


class LanguagePackError(ArgmapError):
    """A language pack's file is missing, not JSON, or does not follow its schema (a misspelt key)."""

    exit_code = 10
