"""The XLSX workbook (XlsxWriter; blocking: run `build_workbook` in a thread) and what it
is made of (`workbook_for` reads it from the store)."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot import texts
from bot.frozen import frozen
from bot.reports.labels import category_label, gap_points, item_label, option_label
from bot.reports.summary import (
    TOP_GAPS,
    RegionSummary,
    UnitSummary,
    region_summary,
)
from bot.reports.xlsx_rows import BulkSheet, Cell, column_letters, splice_rows
from bot.settings import zone_alias
from bot.store import AnswerLine, Store
from bot.texts import plain
from rubric import Item, Score, round2

HISTORY_LIMIT = 20_000
"""The most answer rows a workbook's History sheet holds. A whole region's history can be
several times its answers (56,000 rows for 500 units); written out it would double the time
to make /unduh, so above this the sheet is left out and the Notes sheet says so and how to get
it (`siapnilai report REGION -o FILE.xlsx --history`). One unit's history always fits."""


@frozen
class WorkbookData:
    summary: RegionSummary
    answers: Sequence[AnswerLine]
    history: Sequence[AnswerLine] = ()
    generated_at: datetime | None = None
    lang: str = "id"
    history_rows: int = 0
    """Rows of history the store holds (when more than `history`: left out for size)."""
    survey: Sequence[Any] = ()
    """`bot.survey.Results` of the units that run the citizens' survey (its own sheet)."""

    @property
    def history_left_out(self) -> bool:
        return self.history_rows > len(self.answers) and not self.history


def workbook_name(region: str, today: date, unit: str | None = None) -> str:
    """siapnilai-<region>[-<unit>]-<date>.xlsx, safe for every file system."""
    parts = ["siapnilai", slug(region), *([unit_slug(unit)] if unit else []), today.isoformat()]
    return "-".join(p for p in parts if p) + ".xlsx"


def slug(text: str, limit: int = 40) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return cleaned[:limit].rstrip("-")


UNIT_SLUG = 120
"""Characters of a unit's name in a file name: units of one kind differ in the middle of
their names ("dinas-kependudukan-dan-pencatatan-sipil-dukcapil-kabupaten-<place>-…"), and
40 made a province's thirteen Dukcapil packs and unit pages one file name."""


def unit_slug(name: str) -> str:
    """A unit's name in a file name: whole up to `UNIT_SLUG` characters, else its start and
    its end, cut between words, and 6 hex digits of the whole name's hash: names that differ
    only in the middle cut away stay apart."""
    cleaned = slug(name, len(name) + 1)
    if len(cleaned) <= UNIT_SLUG:
        return cleaned
    mark = hashlib.sha256(cleaned.encode()).hexdigest()[:6]
    room = UNIT_SLUG - len(mark) - 1
    head = cleaned[: room // 2].rsplit("-", 1)[0]
    tail = cleaned[-(room - len(head) - 1) :].split("-", 1)[-1]
    return f"{head}-{tail}-{mark}"


_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
           "valign": "vcenter"}  # fmt: skip
_ZONE_FILLS = {"hijau": "#C8E6C9", "kuning": "#FFF59D", "merah": "#FFCDD2"}
_WHEN = "yyyy-mm-dd hh:mm"
_UNIX_EPOCH_SERIAL = 25569.0
"""1970-01-01 as an Excel serial day number (days since 1899-12-30)."""
HISTORY_COLUMNS = (0, 1, 3, 5, 6, 8, 9)
"""Of the Answers columns: unit, product, item, answer, note, by, when (the History's)."""


QUESTION_SHORT = 70
"""Characters of a question beside an item id (whole words); the Items sheet has it all."""


def once_started(
    value: Callable[[UnitSummary, Score], Cell],
) -> Callable[[UnitSummary], Cell]:
    """A cell of the unit's score, empty while the unit has not started (`UnitSummary.started`:
    no score yet, not one at the red end of the scale)."""

    def cell(unit: UnitSummary) -> Cell:
        score = unit.score
        return value(unit, score) if score is not None and unit.started else None

    return cell


def header_lines(label: str, width: float) -> int:
    """Lines a wrapped header needs in a column `width` characters wide."""
    words, lines, used = label.split(), 1, 0
    for word in words:
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def header_width(label: str, width: float) -> float:
    """`width`, or wider where the header's longest word would break (bold is wider)."""
    longest = max((len(word) for word in label.split()), default=0)
    return max(width, longest + 1)


def print_setup(ws: Any) -> None:
    """Every sheet prints: A4 landscape, one page wide, the header row on every page, page
    numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")


def workbook_text(key: str, lang: str, /, **values: object) -> str:
    return plain(key, lang, **values)


Column = tuple[str, float]
"""(text key, or "=" + a literal header; width)."""
T = TypeVar("T")


def table(
    spec: Sequence[tuple[str, float, Callable[[T], Cell]]], things: Iterable[T]
) -> tuple[list[Column], list[list[Cell]]]:
    """A sheet's columns and a row a thing, from one list of (header, width, the cell of a
    thing): a column's header and its value stand side by side and cannot drift apart."""
    columns: list[Column] = [(key, width) for key, width, _ in spec]
    return columns, [[value(thing) for _, _, value in spec] for thing in things]


class ExcelClock:
    """Moments as Excel serial day numbers in a time zone (what XlsxWriter's write_datetime
    writes). The zone's offset is looked up once per hour of UTC, not once per cell: tens of
    thousands of answers spend a second in `astimezone` otherwise."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._offsets: dict[int, float | None] = {}

    def __call__(self, moment: datetime) -> float:
        seconds = moment.timestamp()
        hour = int(seconds // 3600)
        if hour in self._offsets:
            offset = self._offsets[hour]
        else:
            start = datetime.fromtimestamp(hour * 3600, self.tz).utcoffset()
            end = datetime.fromtimestamp(hour * 3600 + 3599, self.tz).utcoffset()
            # An hour in which the offset changes is converted moment by moment (None).
            offset = start.total_seconds() if start is not None and start == end else None
            self._offsets[hour] = offset
        if offset is None:
            local = moment.astimezone(self.tz).utcoffset()
            offset = local.total_seconds() if local is not None else 0.0
        return (seconds + offset) / 86400 + _UNIX_EPOCH_SERIAL


SCORE_COLUMNS = ("xlsx.col.total", "xlsx.col.index", "xlsx.col.verified",
                 "xlsx.col.verified_index")  # fmt: skip
"""Summary columns that hold a score: two decimals, as in /skor and /ringkasan."""


def verified_value(unit: UnitSummary, *, index: bool = False) -> float | None:
    """The verified score in points (as the Total column), or its index (index rubrics)."""
    verified = unit.verified
    if verified is None:
        return None
    return verified.index if index else round2(verified.total)


def build_workbook(data: WorkbookData) -> bytes:
    """The XLSX workbook: Summary, Answers, Gaps, Items, History (when given), Notes. Blocking.

    The cost is per cell, so the question texts live once on the Items sheet (by item id),
    not on every answer and gap row, and the long sheets' rows (Answers, Gaps, History) are
    written by `splice_rows` rather than cell by cell through XlsxWriter, which writes the
    rest. Every text is written as a string, never as a formula (XlsxWriter's string
    conversions are off, the long sheets use inline strings): an officer's note that starts
    with "=" must not run in the coordinator's spreadsheet."""
    import xlsxwriter  # type: ignore[import-untyped]

    lang = data.lang
    summary = data.summary
    the_rubric = summary.rubric
    tz = ZoneInfo(summary.region.timezone)
    abbr = zone_alias(summary.region.timezone)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    header_format = book.add_format(_HEADER)
    when_format = book.add_format({"num_format": _WHEN, "valign": "top"})
    score_format = book.add_format({"num_format": "0.00", "valign": "top"})
    wrap_format = book.add_format({"text_wrap": True, "valign": "top"})
    top_format = book.add_format({"valign": "top"})

    def zone_word(zone: str | None) -> str | None:
        """The zone in the workbook's language ("merah", "red"): what its fills compare."""
        return plain(f"xlsx.zone.{zone}", lang) if zone else None

    fills = {
        zone_word(zone): book.add_format({"bg_color": colour})
        for zone, colour in _ZONE_FILLS.items()
    }

    serial = ExcelClock(tz)

    def when(moment: datetime | None) -> float | None:
        return None if moment is None else serial(moment)

    bulk: list[BulkSheet] = []

    def sheet(
        title_key: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        when_column: int | None = None,
        freeze: int = 2,
        fast: bool = False,
        two_decimals: Sequence[int] = (),
    ) -> Any:
        """A sheet with a header row, widths, frozen panes and a filter. XlsxWriter writes
        the rows, or (`fast`, for the long sheets) `splice_rows` after it has closed.
        Scores in `two_decimals` columns show as /skor spells them (5.10, 0.00; not 5.1, 0)."""
        ws = book.add_worksheet(workbook_text(title_key, lang)[:31])
        lines = 1
        for c, (key, width) in enumerate(columns):
            label = key[1:] if key.startswith("=") else workbook_text(key, lang, tz=abbr)
            width = header_width(label, width)
            ws.write_string(0, c, label, header_format)
            shown = when_format if c == when_column else None
            ws.set_column(c, c, width, score_format if c in two_decimals else shown)
            lines = max(lines, header_lines(label, width))
        ws.set_row(0, 15 * lines + 3)  # the whole header shows, wrapped, never clipped
        ws.freeze_panes(1, freeze if len(columns) > 2 else 0)
        print_setup(ws)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        if fast:
            number = len(book.worksheets())
            bulk.append(BulkSheet(number, rows, len(columns), when_column, two_decimals))
            return ws
        write_string, write_number = ws.write_string, ws.write_number
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                # Type by type, never ws.write(): no string is ever read as a formula,
                # number or URL.
                if value is None:
                    continue
                if value.__class__ is str:
                    write_string(r, c, value)
                elif c == when_column:
                    write_number(r, c, value, when_format)
                elif c in two_decimals:
                    write_number(r, c, value, score_format)
                else:
                    write_number(r, c, value)
        return ws

    def print_header(ws: Any) -> None:
        """On paper, the region and the instrument above every page ("&" doubled: a code)."""
        rubric_title = the_rubric.title.get(lang) if the_rubric else "–"
        text = plain("xlsx.print_header", lang, region=summary.region.name, rubric=rubric_title)
        ws.set_header("&L" + text[:200].replace("&", "&&") + f"&R{summary.today}")

    def top_gaps(unit: UnitSummary) -> str:
        if the_rubric is None:
            return ""
        return "; ".join(
            f"{item_label(the_rubric, g.item_id, lang, QUESTION_SHORT)}"
            f"{f' [{g.product}]' if g.product else ''} ({gap_points(g, lang)})"
            for g in unit.gaps[:TOP_GAPS]
        )

    indexed = the_rubric is not None and the_rubric.display == "index"
    zoned = the_rubric is not None and any(b.zone for b in the_rubric.categories)
    not_started = plain("xlsx.not_started", lang)
    # A4 landscape at about 90 % (a 6-unit PEKPPP region, Calibri): the points per dimension
    # have their own sheet; the region and the rubric are in the print header (and on Notes).
    summary_spec: list[tuple[str, float, Callable[[UnitSummary], Cell]]] = [
        ("xlsx.col.unit", 22, lambda u: u.unit.name),
        ("xlsx.col.completion", 9, once_started(lambda u, s: s.percent)),
        ("xlsx.col.total", 8, once_started(lambda u, s: round2(s.total))),
        *([("xlsx.col.index", 7, once_started(lambda u, s: s.index))] if indexed else []),
        # The verified score spelled like the claimed one: points, then the index.
        ("xlsx.col.verified", 9, once_started(lambda u, s: verified_value(u))),
        *(
            [
                (
                    "xlsx.col.verified_index",
                    11,
                    once_started(lambda u, s: verified_value(u, index=True)),
                )
            ]
            if indexed
            else []
        ),
        ("xlsx.col.category", 18, once_started(lambda u, s: category_label(s, lang))),
        *([("xlsx.col.zone", 8, once_started(lambda u, s: zone_word(s.zone)))] if zoned else []),
        ("xlsx.col.evidence", 7, lambda u: u.evidence_count),
        ("xlsx.col.last_activity", 16, lambda u: when(u.last_activity)),
        ("xlsx.col.top_gaps", 38, lambda u: top_gaps(u) if u.started else not_started),
    ]
    keys = [key for key, _, _ in summary_spec]
    summary_columns, summary_rows = table(summary_spec, summary.units)
    ws = sheet(
        "xlsx.sheet.summary",
        summary_columns,
        summary_rows,
        when_column=keys.index("xlsx.col.last_activity"),
        freeze=1,
        two_decimals=[keys.index(k) for k in SCORE_COLUMNS if k in keys],
    )
    print_header(ws)
    at = keys.index("xlsx.col.category")
    indented = book.add_format({"text_wrap": True, "valign": "top", "align": "left", "indent": 1})
    for r, row in enumerate(summary_rows, start=1):  # not run into the number left of it
        if isinstance(row[at], str):
            ws.write_string(r, at, row[at], indented)
    wrapped_keys = ("xlsx.col.unit", "xlsx.col.category", "xlsx.col.top_gaps")
    for key in wrapped_keys:
        at = keys.index(key)
        ws.set_column(at, at, summary_columns[at][1], wrap_format)
    for r, row in enumerate(summary_rows, start=1):  # tall enough for the wrapped texts
        wrapped = [str(row[keys.index(k)] or "") for k in wrapped_keys]
        widths = [summary_columns[keys.index(k)][1] for k in wrapped_keys]
        # A width holds about 10 % more characters of text than of digits (Calibri).
        needed = max(header_lines(t, w * 1.1) for t, w in zip(wrapped, widths, strict=True))
        ws.set_row(r, 15 * needed + 2, wrap_format)
    last = len(summary_rows)
    if last:
        category = keys.index("xlsx.col.category")
        zone = keys.index("xlsx.col.zone") if zoned else None
        for zone_name, fill in fills.items():
            if zone is None:
                break
            letter = column_letters(zone + 1)[-1]
            ws.conditional_format(
                1, zone, last, zone,
                {"type": "cell", "criteria": "==", "value": f'"{zone_name}"', "format": fill},
            )  # fmt: skip
            ws.conditional_format(
                1, category, last, category,
                {"type": "formula", "criteria": f'=${letter}2="{zone_name}"', "format": fill},
            )  # fmt: skip
        completion = keys.index("xlsx.col.completion")
        ws.conditional_format(
            1, completion, last, completion,
            {"type": "3_color_scale", "min_type": "num", "min_value": 0, "min_color": "#F8696B",
             "mid_type": "num", "mid_value": 50, "mid_color": "#FFEB84",
             "max_type": "num", "max_value": 100, "max_color": "#63BE7B"},
        )  # fmt: skip

    if the_rubric is not None:
        # Points per dimension (the scored ones), the full titles wrapped in the header.
        scored = [d for d in the_rubric.dimensions if d.weight > 0]
        dimension_columns: list[Column] = [("xlsx.col.unit", 30), ("xlsx.col.total", 8)]
        for d in scored:
            title = plain("xlsx.col.dimension_max", lang, title=d.title.get(lang),
                          weight=f"{d.weight:g}")  # fmt: skip
            dimension_columns.append(("=" + title, 12))
        dimension_rows: list[list[Cell]] = []
        for unit in summary.units:
            points = {p.id: p for p in unit.score.dimensions} if unit.score else {}
            dimension_rows.append([
                unit.unit.name,
                round2(unit.score.total) if unit.score and unit.started else None,
                *(
                    round2(points[d.id].points)
                    if unit.started and d.id in points and points[d.id].applicable else None
                    for d in scored
                ),
            ])  # fmt: skip
        ws = sheet("xlsx.sheet.dimensions", dimension_columns, dimension_rows, freeze=1,
                   two_decimals=range(1, len(dimension_columns)))  # fmt: skip
        ws.set_column(0, 0, 30, wrap_format)
        for r, row in enumerate(dimension_rows, start=1):  # long unit names wrap
            ws.set_row(r, 15 * header_lines(str(row[0]), 30) + 2, wrap_format)
        print_header(ws)

    titles: dict[str, str] = {}
    if the_rubric is not None:
        titles = {i.id: d.title.get(lang) for d in the_rubric.dimensions for i in d.items}
    # Wide enough for the longest dimension title ("Sistem Informasi Pelayanan Publik" was
    # cut to "Sistem Informasi Pel" beside the item id on the Answers and Gaps sheets).
    dimension_width = min(36, max([16, *(len(t) + 2 for t in titles.values())]))
    options: dict[tuple[str, str], str] = {}

    def answer(item_id: str, option_id: str) -> str:
        # Looked up once per item and option, not once per row (tens of thousands of rows).
        found = options.get((item_id, option_id))
        if found is None and the_rubric is not None:
            found = options[(item_id, option_id)] = option_label(
                the_rubric, item_id, option_id, lang
            )
        return found or option_id

    questions: dict[str, str] = {}

    def question(item_id: str) -> str:
        found = questions.get(item_id)
        if found is None:
            found = questions[item_id] = (
                item_label(the_rubric, item_id, lang, QUESTION_SHORT) if the_rubric else item_id
            )
        return found

    def answer_rows(lines: Sequence[AnswerLine]) -> list[list[Cell]]:
        return [
            [
                line.unit,
                line.product,
                titles.get(line.item_id, ""),
                line.item_id,
                question(line.item_id),
                answer(line.item_id, line.option_id),
                line.note,
                line.evidence_count,
                line.by_name or str(line.by),
                serial(line.at),
            ]
            for line in lines
        ]

    answer_columns: list[Column] = [
        ("xlsx.col.unit", 30),
        ("xlsx.col.product", 14),
        ("xlsx.col.dimension", dimension_width),
        ("xlsx.col.item", 22),
        ("xlsx.col.question", 60),
        ("xlsx.col.answer", 14),
        ("xlsx.col.note", 30),
        ("xlsx.col.evidence", 8),
        ("xlsx.col.by", 16),
        ("xlsx.col.at", 16),
    ]
    sheet("xlsx.sheet.answers", answer_columns, answer_rows(data.answers), when_column=9, fast=True)

    kinds = {kind: plain(f"gaps.kind.{kind}", lang) for kind in ("unanswered", "below_full",
                                                                  "at_risk")}  # fmt: skip
    # A unit that has not started would list every item of the instrument: one row says so.
    gap_rows: list[list[Cell]] = []
    for unit in summary.units:
        if not unit.started:
            count = len(unit.gaps)
            gap_rows.append([unit.unit.name, None, None, None,
                             plain("xlsx.not_started_items", lang, items=count), not_started,
                             None])  # fmt: skip
            continue
        gap_rows += [
            [
                unit.unit.name,
                gap.product,
                titles.get(gap.item_id, gap.dimension_id),
                gap.item_id,
                question(gap.item_id),
                kinds.get(gap.kind, gap.kind),
                round2(gap.points),
            ]
            for gap in unit.gaps
        ]
    gap_columns: list[Column] = [
        ("xlsx.col.unit", 30),
        ("xlsx.col.product", 14),
        ("xlsx.col.dimension", dimension_width),
        ("xlsx.col.item", 22),
        ("xlsx.col.question", 60),
        ("xlsx.col.kind", 16),
        ("xlsx.col.points", 8),
    ]
    points_at = [key for key, _ in gap_columns].index("xlsx.col.points")
    ws = sheet("xlsx.sheet.gaps", gap_columns, gap_rows, fast=True, two_decimals=[points_at])
    if gap_rows:
        ws.conditional_format(
            1, points_at, len(gap_rows), points_at,
            {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#F8696B"},
        )  # fmt: skip

    if the_rubric is not None:
        scopes = {"unit": plain("xlsx.col.unit", lang), "product": plain("xlsx.col.product", lang)}
        # The instrument as a checklist to print: A4 landscape at about 85 %, an id on one line
        # (ids do not wrap), the long texts wrapped in rows as tall as they need.
        item_spec: list[tuple[str, float, Callable[[Item], Cell]]] = [
            ("xlsx.col.item", max(len(i.id) for i in the_rubric.items) + 1, lambda i: i.id),
            ("xlsx.col.dimension", 16, lambda i: titles.get(i.id, "")),
            ("xlsx.col.question", 56, lambda i: " ".join(i.question.get(lang).split())),
            ("xlsx.col.scope", 10, lambda i: scopes.get(i.scope, i.scope)),
            ("xlsx.col.weight", 8, lambda i: i.weight),
            ("xlsx.col.evidence_required", 10, lambda i: "✓" if i.evidence_required else None),
            ("xlsx.col.hint", 40, lambda i: i.evidence_hint.shown(lang)),
        ]
        item_columns, item_rows = table(item_spec, the_rubric.items)
        ws = sheet("xlsx.sheet.items", item_columns, item_rows, freeze=1)
        item_keys = [key for key, _ in item_columns]
        texts_at = [item_keys.index(k) for k in ("xlsx.col.dimension", "xlsx.col.question",
                                                "xlsx.col.hint")]  # fmt: skip
        for at, (_, width) in enumerate(item_columns):
            ws.set_column(at, at, width, wrap_format if at in texts_at else top_format)
        for r, row in enumerate(item_rows, start=1):  # tall enough for the wrapped texts
            needed = max(header_lines(str(row[at] or ""), item_columns[at][1] * 1.1)
                         for at in texts_at)  # fmt: skip
            ws.set_row(r, 15 * needed + 2)

    if data.history:
        # An audit log: who answered what when. The question is on the Items sheet, the
        # dimension and evidence count on Answers.
        history_columns = [answer_columns[i] for i in HISTORY_COLUMNS]
        history_rows: list[list[Cell]] = [
            [
                line.unit,
                line.product,
                line.item_id,
                answer(line.item_id, line.option_id),
                line.note,
                line.by_name or str(line.by),
                serial(line.at),
            ]
            for line in data.history
        ]
        sheet("xlsx.sheet.history", history_columns, history_rows, when_column=6, fast=True)

    if data.survey:
        from bot.survey.service import workbook_rows

        sheet("survey.xlsx.sheet", *workbook_rows(data.survey))

    notes = book.add_worksheet(workbook_text("xlsx.sheet.notes", lang)[:31])
    notes.set_column(0, 0, 120, wrap_format)
    print_setup(notes)
    made = (data.generated_at or datetime.now(tz)).astimezone(tz)
    if data.history:
        history_note = workbook_text(
            "xlsx.notes.history_included", lang, rows=texts.count("answer", len(data.history), lang)
        )
    elif data.history_left_out:
        history_note = workbook_text(
            "xlsx.notes.history_left_out", lang, rows=data.history_rows, limit=HISTORY_LIMIT,
            region_id=summary.region.id,
        )  # fmt: skip
    else:
        history_note = workbook_text("xlsx.notes.history_none", lang)
    lines = [
        workbook_text("xlsx.notes.title", lang, region=summary.region.name),
        workbook_text(
            "xlsx.notes.generated",
            lang,
            when=made.strftime("%Y-%m-%d %H:%M"),
            tz=abbr,
            rubric=the_rubric.id if the_rubric else "–",
            units=len(summary.units),
        ),
        workbook_text("xlsx.notes.sheets", lang),
        history_note,
    ]
    notes.write_string(0, 0, lines[0], header_format)
    for r, line in enumerate(lines[1:], start=1):
        notes.write_string(r, 0, line)
    book.set_properties({"title": f"SiapNilai {summary.region.name}"})
    book.close()
    return splice_rows(buffer.getvalue(), bulk, when_format.xf_index, score_format.xf_index)


async def workbook_for(
    store: Store,
    region_id: int,
    now: datetime,
    *,
    unit_id: int | None = None,
    lang: str = "id",
    history: bool | None = None,
) -> tuple[RegionSummary, WorkbookData]:
    """Everything the workbook needs, read from the store (render with `build_workbook`).

    `history`: True always includes the History sheet, False never, None (the default)
    when it has at most `HISTORY_LIMIT` rows. It is left out, too, when nothing was ever
    re-answered (it would repeat the Answers sheet)."""
    summary = await region_summary(store, region_id, now, unit_id=unit_id)
    rows = 0 if history is False else await store.answer_count(region_id, unit_id=unit_id, now=now)
    if history is True or (history is None and 0 < rows <= HISTORY_LIMIT):
        past = await store.answer_lines(region_id, unit_id=unit_id, history=True, now=now)
        answers = latest_answers(past)
        if len(past) == len(answers):
            past = []
    else:
        past = []
        answers = await store.answer_lines(region_id, unit_id=unit_id, now=now)
    from bot.survey import region_results

    surveyed = await region_results(store, region_id, now, unit_id)
    return summary, WorkbookData(
        summary, answers, past, now, lang, history_rows=rows, survey=surveyed
    )


def latest_answers(history: Sequence[AnswerLine]) -> list[AnswerLine]:
    """The latest answer per (unit, key) from the full history (in history order: by unit,
    then answer id), as `Store.answer_lines` without `history` returns them."""
    latest: dict[tuple[int, str], tuple[int, AnswerLine]] = {}
    for position, line in enumerate(history):
        latest[(line.unit_id, line.key)] = (position, line)
    return [line for _, line in sorted(latest.values(), key=lambda pair: pair[0])]
