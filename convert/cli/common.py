"""What every ``podium`` subcommand shares: usage errors, the error line, the exit codes.

Every :class:`PodiumError` becomes one ``podium: error:`` line on stderr with the exit code
contract.md fixes (0 done, 1 input failed, 2 usage, 3 environment). A Python traceback
reaches the user only with ``--debug``. Nothing heavy is imported here: the command parses
its line, and may fork its PDF helper, before lxml or WeasyPrint is loaded.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, Protocol, TypeAlias

from podium.convert.errors import ERRORS, Code, PodiumError, UsageError
from podium.convert.logs import configure_logging
from podium.convert.version import __version__

PROG = "podium"


def say_error(err: PodiumError | str) -> None:
    print(f"{PROG}: error: {err}", file=sys.stderr)


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors as ``podium: error:`` lines carrying a code (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say_error(UsageError(message, fix=f"see `{self.prog} --help`"))
        sys.exit(2)


# What ``add_subparsers()`` returns (its class is private to argparse).
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


class Subcommand(Protocol):
    """A subcommand module: its name, the parser it adds, and what it runs."""

    NAME: str

    def add_parser(self, subparsers: Subparsers) -> Parser: ...

    def run(self, args: argparse.Namespace) -> int: ...


def root_parser(description: str) -> tuple[Parser, Subparsers]:
    """The ``podium`` parser with its global options, and the group its subcommands join."""
    p = Parser(prog=PROG, description=description)
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and step timings")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    return p, sub


def internal_error(exc: BaseException, path: Path | None = None) -> str:
    where = f"{path}: " if path is not None else ""
    return (
        f"{where}{Code.E999}: internal error: {type(exc).__name__}: {exc} "
        "(run again with --debug and report the traceback)"
    )


def dispatch(p: Parser, args: argparse.Namespace, commands: Sequence[Subcommand]) -> int:
    """Run the subcommand ``args`` names; every failure becomes an exit code and one line."""
    configure_logging(args.debug)
    if args.command is None:
        p.print_help()
        return 2
    try:
        return {c.NAME: c for c in commands}[args.command].run(args)
    except PodiumError as err:
        if args.debug:
            traceback.print_exc()
        say_error(err)
        return err.exit_code
    except KeyboardInterrupt:
        say_error("interrupted")
        return 130
    except Exception as exc:  # a bug in podium, not a user mistake: say so plainly
        if args.debug:
            raise
        say_error(internal_error(exc))
        return ERRORS[Code.E999].exit_code
