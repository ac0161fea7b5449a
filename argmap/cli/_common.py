"""What every command shares: consoles, and turning library errors into one ``Error:`` line."""

from __future__ import annotations

import functools
import os
import sys
from contextlib import contextmanager

import typer
from rich.console import Console

from ..errors import EXIT_INTERNAL, EXIT_INTERRUPTED
from ..lang.pack import pack_languages

__all__ = ["console", "err_console", "fail", "warn", "warn_not_removed", "handle_errors", "printing", "print_written", "EXIT_INTERNAL", "EXIT_INTERRUPTED",
           "LANGUAGES"]

#: the languages with a pack, as the help of ``--lang`` names them
LANGUAGES = ", ".join(pack_languages())


def _silence_stdout() -> None:
    """Send what is still to be printed nowhere: the reader (``head``, ``less``) has gone."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


class _Console(Console):
    """A console that, when its reader closes the pipe, stops printing and lets the command finish.

    (rich's own console exits with status 1 there, which a script reads as a failure.)
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        if not self.stderr:
            _silence_stdout()


console = _Console(highlight=False)
err_console = _Console(stderr=True, highlight=False)


def fail(message: str, code: int) -> "typer.Exit":
    err_console.print(f"Error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    """A ``Warning:`` line on stderr: something was skipped, and the command still succeeds."""
    err_console.print(f"Warning: {message}", markup=False, soft_wrap=True)


def note(message: str) -> None:
    """One line of information on stderr: what the command chose on its own, for the reader to know; no level."""
    err_console.print(message, markup=False, soft_wrap=True)


def warn_not_removed(problems) -> list:
    """Say, as a warning, each old file the writing could not remove (an ``OutputError`` among the problems
    of ``write_outputs``: what was written is whole and links to none of them); returns the other problems,
    the outputs that could not be made."""
    from ..errors import OutputError

    for problem in problems:
        if isinstance(problem, OutputError):
            warn(str(problem))
    return [p for p in problems if not isinstance(p, OutputError)]


def print_written(paths) -> None:
    """One ``wrote`` line per file, and one per folder of a long map's section pictures (``brief.sections/``),
    so that the folder is named and forty section pictures do not bury the other files."""
    from pathlib import Path

    from ..render import IMAGE_FORMATS, sections_folder

    paths = [Path(p) for p in paths]
    folders = {sections_folder(p, fmt) for p in paths for fmt in IMAGE_FORMATS}
    counts: dict[Path, int] = {}
    for path in paths:
        if path.parent in folders:
            counts[path.parent] = counts.get(path.parent, 0) + 1
    for path in paths:
        if path.parent not in counts:
            console.print(f"wrote {path}", markup=False, soft_wrap=True)
        elif path.parent in folders:
            count = counts[path.parent]
            console.print(f"wrote {count} section picture{'s' if count != 1 else ''} in {path.parent}{os.sep}",
                          markup=False, soft_wrap=True)
            folders.discard(path.parent)


@contextmanager
def printing():
    """Print to stdout; if the reader closes the pipe (``| head -3``), stop printing quietly and go on.

    Files are written before anything is printed, so a closed pipe loses nothing.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def handle_errors(func):
    """Run a command; an argmap error becomes ``Error: …`` on stderr and its exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..errors import ArgmapError

        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except BrokenPipeError:  # the reader of stdout has gone: nothing is wrong with the work
            _silence_stdout()
            raise typer.Exit(0) from None
        except ArgmapError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", EXIT_INTERRUPTED) from None
        except MemoryError:
            raise fail("out of memory: the input is too large to map on this machine", EXIT_INTERNAL) from None
        except Exception as exc:  # a bug: still one line, and a way to report it
            if "--debug" in sys.argv:
                raise
            raise fail(f"internal error ({type(exc).__name__}: {exc}); please report it with the input that caused it",
                       EXIT_INTERNAL) from None

    return wrapper


def say_the_test_split_stays_unread(paths) -> None:
    """One line for each reference corpus whose test split the default leaves out: the figures shown are dev's
    (``evaluate`` and ``train --report`` leave it unread unless ``--split`` asks for it)."""
    from ..evaluate.corpus import is_corpus, read_corpus

    for path in paths:
        if is_corpus(path) and (tests := read_corpus(path).split("test")):
            note(f"{path}: its dev split only ({len(tests)} test brief(s) left unread); "
                 "--split test or --split all reads the test split")
