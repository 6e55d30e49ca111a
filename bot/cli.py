"""The `siapnilai` command line: one parser, verbs implemented in their own modules.

Every verb that prints data accepts --json; bad input gets a one-line error on stderr
and exit status 2 (raise `CliError` from a verb).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.cli_common import CliError, error
from bot.store import Clock, utc_now

Verb = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints usage plus the message; the contract is one line and exit 2.
        print(f"siapnilai: error: {self._plain(message)}", file=sys.stderr)
        raise SystemExit(2)

    def _plain(self, message: str) -> str:
        """argparse's message, with the sub-command's internal name (`cycle_verb`) replaced
        by the words a user would use: "choose a command: open, list"."""
        for action in self._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            name = action.metavar if isinstance(action.metavar, str) else action.dest
            choices = ", ".join(action.choices)
            what = "a role" if action.dest == "role" else "a command"
            where = self.prog.removeprefix("siapnilai").strip()
            lead = f"{where}: " if where else ""
            if message.startswith("the following arguments are required:") and name in message:
                return f"{lead}choose {what}: {choices}"
            prefix = f"argument {name}: invalid choice: "
            if message.startswith(prefix):
                given = message.removeprefix(prefix).split(" (choose from", 1)[0]
                return f"{lead}invalid choice: {given}; choose {what}: {choices}"
        return message


def build_parser() -> argparse.ArgumentParser:
    from bot import cli_admin, cli_report, cli_rubric, cli_run, cli_survey, cli_try

    parser = _Parser(prog="siapnilai", description="SiapNilai: get ready for the assessment.")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    cli_run.register(verbs)
    cli_rubric.register(verbs)
    cli_admin.register(verbs)
    cli_report.register(verbs)
    cli_try.register(verbs)
    cli_survey.register(verbs)
    return parser


def main(argv: Sequence[str] | None = None, *, clock: Clock = utc_now) -> int:
    """Run one verb. `clock` is the command line's only clock (tests pass a fixed one)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.clock = clock
    handler: Verb = args.handler
    try:
        return handler(args)
    except CliError as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `siapnilai units list | head` closes our stdout early; that is not an error.
        sys.stderr.close()
        return 0
