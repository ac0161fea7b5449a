"""What every command shares: consoles, and turning library errors into one ``Error:`` line."""

from __future__ import annotations

import functools
import sys

import typer
from rich.console import Console

__all__ = ["console", "err_console", "fail", "handle_errors", "EXIT_INTERNAL", "EXIT_INTERRUPTED"]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> "typer.Exit":
    err_console.print(f"Error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func):
    """Run a command; an argmap error becomes ``Error: …`` on stderr and its exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..errors import ArgmapError

        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
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
