"""CLI verb `survey`: the citizens' survey of a unit from the command line.

- `siapnilai survey link UNIT [--json]` -> {"unit", "code", "link"}
- `siapnilai survey poster UNIT -o FILE.pdf [--lang id|en]` (the A4 poster)
- `siapnilai survey qr UNIT -o FILE.png` (the QR code alone)
- `siapnilai survey sheet UNIT -o FILE.pdf [--period P] [--lang id|en]` (the one-page result
  sheet to publish)
- `siapnilai survey results UNIT [--period 2027|2027-S1] [--json]` -> {"unit", "period",
  "responses", "ikm", "category", "elements": {ID: nrr}, "maladministration": {ID: share},
  "trust": {"mean", "share_high"}}
- `siapnilai survey users UNIT N` (the unit's monthly users, for the Krejcie–Morgan minimum;
  0 forgets it)

UNIT is an id, a unique name or REGION/UNIT. The link needs the bot's username:
`--bot-username NAME` (`--bot`), else the one the bot stored when it last started, else getMe
with SIAPNILAI_BOT_TOKEN (bot.cli_common.bot_username). The clock is `args.clock` (cli_clock).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_common import (
    DATABASE_HELP,
    CliError,
    add_bot_username,
    bot_username,
    check_output,
    cli_clock,
    database_arg,
    load_settings,
    no_username,
    print_json,
    with_store,
    write_output,
)
from bot.qr import qr_png
from bot.store import Store, Unit
from bot.survey import Results, SurveyService, has_ended, parse_period, survey_link
from bot.survey.service import DEFAULT_MINIMUM

_PERIOD_HELP = "a year (2027) or a semester (2027-S1); default: now"


def register(verbs: Any) -> None:
    survey = verbs.add_parser("survey", help="the citizens' survey of a unit (SKM/IKM)")
    sub = survey.add_subparsers(dest="survey_verb", metavar="survey_verb", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("unit", metavar="UNIT", help="id, unique name or REGION/UNIT")
        parser.add_argument("--database", type=database_arg, help=DATABASE_HELP)
        parser.add_argument("--json", action="store_true", help="print JSON")

    link = sub.add_parser("link", help="the unit's survey link and code")
    common(link)
    add_bot_username(link, "the link")
    link.set_defaults(handler=show_link)

    poster = sub.add_parser("poster", help="write the unit's A4 survey poster (PDF)")
    common(poster)
    add_bot_username(poster, "the poster's link")
    poster.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    poster.add_argument("--lang", choices=("id", "en"), default="id", help="poster language")
    poster.set_defaults(handler=write_poster)

    qr = sub.add_parser("qr", help="write the unit's survey QR code (PNG)")
    common(qr)
    add_bot_username(qr, "the QR code's link")
    qr.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.png")
    qr.set_defaults(handler=write_qr)

    sheet = sub.add_parser("sheet", help="write the one-page result sheet (PDF) to publish")
    common(sheet)
    sheet.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    sheet.add_argument("--period", help=_PERIOD_HELP)
    sheet.add_argument("--lang", choices=("id", "en"), default="id", help="sheet language")
    sheet.set_defaults(handler=write_sheet)

    results = sub.add_parser("results", help="the unit's IKM and the other results")
    common(results)
    results.add_argument("--period", help=_PERIOD_HELP)
    results.set_defaults(handler=show_results)

    users = sub.add_parser("users", help="set the unit's monthly users (sample size)")
    common(users)
    users.add_argument("users", type=int, metavar="N", help="users a month (0 forgets it)")
    users.set_defaults(handler=set_users)


def _service(store: Store) -> SurveyService:
    return SurveyService(store)


async def _link(store: Store, args: argparse.Namespace) -> tuple[Unit, str, str]:
    unit = await store.resolve_unit(args.unit)
    settings = load_settings()
    username = await bot_username(store, settings, args.bot_username)
    if not username:
        raise CliError(no_username(settings))
    code = await store.survey_code(unit.id)
    return unit, code, survey_link(username, code)


def show_link(args: argparse.Namespace) -> int:
    unit, code, link = with_store(args, load_settings(), lambda store: _link(store, args))
    if args.json:
        print_json({"unit": unit.name, "code": code, "link": link})
    else:
        print(f"{unit.name} ({unit.region}): {link}")
    return 0


def _write(output: Path, data: bytes, suffix: str) -> None:
    check_output(output, suffix)
    write_output(output, data)


def write_poster(args: argparse.Namespace) -> int:
    from bot.survey.poster import poster_pdf, poster_text  # matplotlib, segno, fpdf2: not for `run`

    check_output(args.output, ".pdf")
    unit, _code, link = with_store(args, load_settings(), lambda store: _link(store, args))
    data = poster_pdf(poster_text(unit, link, args.lang))
    _write(args.output, data, ".pdf")
    return _said(
        args, _file_json(args.output, data, unit, link=link), f"poster of {unit.name} ({link})"
    )


def write_qr(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".png":
        raise CliError(f"{args.output}: the output file must end in .png")
    unit, _code, link = with_store(args, load_settings(), lambda store: _link(store, args))
    data = qr_png(link, scale=16)
    _write(args.output, data, ".png")
    return _said(
        args, _file_json(args.output, data, unit, link=link), f"QR code of {unit.name} ({link})"
    )


def _results(args: argparse.Namespace) -> Results:
    try:
        period = None if args.period is None else parse_period(args.period)
    except ValueError as exc:
        raise CliError(str(exc)) from None

    async def work(store: Store) -> Results:
        unit = await store.resolve_unit(args.unit)
        return await _service(store).results(unit.id, period)

    return with_store(args, load_settings(), work)


def write_sheet(args: argparse.Namespace) -> int:
    from bot import texts
    from bot.survey.poster import result_sheet_pdf

    if args.output.suffix.lower() != ".pdf":
        raise CliError(f"{args.output}: the output file must end in .pdf")
    results = _results(args)
    ended = has_ended(results.period, cli_clock(args)(), results.unit.timezone)
    lang = args.lang
    sheet = result_sheet_pdf(
        results, lambda key, **v: texts.plain(key, lang, **v), lang, ended=ended
    )
    _write(args.output, sheet, ".pdf")
    found = _file_json(args.output, sheet, results.unit, period=results.period)
    return _said(args, found, f"results of {results.unit.name}, {results.period}")


def show_results(args: argparse.Namespace) -> int:
    results = _results(args)
    data = results.to_json()
    if args.json:
        print_json(data)
        return 0
    print(f"{results.unit.name} ({results.unit.region}), {results.period}")
    print(f"responses: {results.responses} (minimum {results.needed})")
    if results.ikm is None:
        print("no responses yet")
        return 0
    print(f"IKM: {results.ikm.value} {results.ikm.category} ({results.ikm.label('en')})")
    elements: dict[str, float] = data["elements"]  # type: ignore[assignment]
    print("NRR: " + "  ".join(f"{k} {v:.2f}" for k, v in elements.items()))
    mal: dict[str, float] = data["maladministration"]  # type: ignore[assignment]
    print("maladministration reported: " + "  ".join(f"{k} {v:.0%}" for k, v in mal.items()))
    trust: dict[str, float] = data["trust"]  # type: ignore[assignment]
    print(f"trust: mean {trust['mean']:.2f} of 4, {trust['share_high']:.0%} trust it")
    return 0


def set_users(args: argparse.Namespace) -> int:
    if args.users < 0:
        raise CliError("N must be 0 (forget) or a positive number of users a month")

    async def work(store: Store) -> Unit:
        unit = await store.resolve_unit(args.unit)
        await store.set_survey_population(unit.id, args.users or None)
        return unit

    unit = with_store(args, load_settings(), work)
    from bot.survey.ikm import krejcie_morgan

    needed = krejcie_morgan(args.users) if args.users else DEFAULT_MINIMUM
    if args.json:
        print_json({"unit": unit.name, "users": args.users or None, "needed": needed})
    elif args.users:
        print(f"{unit.name}: {args.users} users a month; {needed} responses needed")
    else:
        print(f"{unit.name}: monthly users forgotten; {needed} responses needed")
    return 0


def _file_json(output: Path, data: bytes, unit: Unit, **more: str) -> dict[str, object]:
    """What `--json` prints for a file written: its path and size, and whose it is."""
    return {"path": str(output), "unit": unit.name, **more, "bytes": len(data)}


def _said(args: argparse.Namespace, found: dict[str, object], what: str) -> int:
    """A written file said as JSON (`--json`) or as one line, "FILE: what"."""
    if args.json:
        print_json(found)
    else:
        print(f"{found['path']}: {what}")
    return 0
