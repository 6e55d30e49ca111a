"""Reports for coordinators and officers: the region summary, the XLSX workbook, the
evidence pack ZIP.

Everything here works on plain data read by `bot.store.reporting` (snapshots, answer lines,
evidence lines) and the pure rubric engine; only `region_summary` / `workbook_for` touch the
store. Rendering the workbook and the ZIP is blocking: run them with `asyncio.to_thread`
(the pack builder is async itself because it downloads files).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import rubric
from bot.charts import BandSpec, Bar, HeatRow
from bot.store import AnswerLine, Cycle, EvidenceLine, Region, RegionSnapshot, Unit, UnitSnapshot

if TYPE_CHECKING:
    from bot.store import Store

TOP_GAPS = 3
COMMON_GAPS = 5
DOWNLOAD_LIMIT = 20 * 1024 * 1024
"""The Bot API's getFile limit: bigger files cannot be downloaded by a bot."""
UPLOAD_LIMIT = 49 * 1000 * 1000
"""A ZIP part stays under Telegram's 50 MB upload limit, with room for the central directory."""
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

RubricOf = Callable[[str], rubric.Rubric]


def zone_abbreviation(timezone: str) -> str:
    return ZONE_ABBREVIATIONS.get(timezone, timezone)


# -- the summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSummary:
    unit: Unit
    score: rubric.Score | None
    """None when the unit has no cycle."""
    gaps: tuple[rubric.Gap, ...]
    evidence_count: int
    last_activity: datetime | None
    products: tuple[str, ...] = ()

    @property
    def completion(self) -> float:
        return self.score.completion if self.score is not None else 0.0

    @property
    def shown(self) -> float | None:
        """The total on the rubric's display scale (the index for PEKPPP)."""
        if self.score is None:
            return None
        return self.score.index if self.score.index is not None else self.score.total

    @property
    def category(self) -> str | None:
        return self.score.category.code if self.score is not None else None

    @property
    def zone(self) -> str | None:
        return self.score.zone if self.score is not None else None


@dataclass(frozen=True)
class CommonGap:
    item_id: str
    dimension_id: str
    units: int
    """How many units of the region have this item as a gap."""
    of: int


@dataclass(frozen=True)
class Window:
    state: Literal["before", "open", "closed"]
    days: int
    """Days until it opens (before), until it closes (open), since it closed (closed)."""


@dataclass(frozen=True)
class RegionSummary:
    region: Region
    today: date
    """Today in the region's time zone."""
    cycle: Cycle | None
    rubric: rubric.Rubric | None
    units: tuple[UnitSummary, ...]
    """By provisional score, highest first; units without a score last."""
    common_gaps: tuple[CommonGap, ...] = ()
    window: Window | None = None

    @property
    def complete_units(self) -> int:
        return sum(1 for u in self.units if u.score is not None and u.completion >= 1.0)


def window_of(cycle: Cycle, today: date) -> Window:
    if today < cycle.opens:
        return Window("before", (cycle.opens - today).days)
    if today <= cycle.closes:
        return Window("open", (cycle.closes - today).days)
    return Window("closed", (today - cycle.closes).days)


def summarize_unit(snapshot: UnitSnapshot, the_rubric: rubric.Rubric | None) -> UnitSummary:
    if snapshot.cycle is None or the_rubric is None:
        return UnitSummary(snapshot.unit, None, (), 0, None)
    result = rubric.score(the_rubric, snapshot.answers)
    ranked = rubric.gaps(the_rubric, snapshot.answers)
    return UnitSummary(
        unit=snapshot.unit,
        score=result,
        gaps=tuple(ranked),
        evidence_count=snapshot.evidence_count,
        last_activity=snapshot.last_activity,
        products=tuple(snapshot.answers.products),
    )


def summarize(snapshot: RegionSnapshot, rubric_of: RubricOf, now: datetime) -> RegionSummary:
    """The region summary: every unit scored, the common gaps, the window."""
    today = now.astimezone(ZoneInfo(snapshot.region.timezone)).date()
    cycle = next((u.cycle for u in snapshot.units if u.cycle is not None), None)
    the_rubric = rubric_of(cycle.rubric_id) if cycle is not None else None
    units = [summarize_unit(u, the_rubric) for u in snapshot.units]
    units.sort(key=lambda u: (u.shown is None, -(u.shown or 0.0), u.unit.name))
    return RegionSummary(
        region=snapshot.region,
        today=today,
        cycle=cycle,
        rubric=the_rubric,
        units=tuple(units),
        common_gaps=common_gaps(units),
        window=window_of(cycle, today) if cycle is not None else None,
    )


def common_gaps(units: Sequence[UnitSummary], limit: int = COMMON_GAPS) -> tuple[CommonGap, ...]:
    """The items most units miss (any gap kind), most units first, then most points."""
    scored = [u for u in units if u.score is not None]
    counts: dict[str, int] = {}
    points: dict[str, float] = {}
    dimension: dict[str, str] = {}
    for unit in scored:
        seen = set()
        for gap in unit.gaps:
            points[gap.item_id] = points.get(gap.item_id, 0.0) + gap.points
            dimension[gap.item_id] = gap.dimension_id
            if gap.item_id not in seen:
                seen.add(gap.item_id)
                counts[gap.item_id] = counts.get(gap.item_id, 0) + 1
    ranked = sorted(counts, key=lambda i: (-counts[i], -points[i], i))[:limit]
    return tuple(CommonGap(i, dimension[i], counts[i], len(scored)) for i in ranked)


async def region_summary(
    store: Store, region_id: int, now: datetime, *, unit_id: int | None = None
) -> RegionSummary:
    snapshot = await store.overview(region_id, unit_id=unit_id, now=now)
    return summarize(snapshot, store.rubric, now)


# -- chart data -------------------------------------------------------------------------


def band_specs(the_rubric: rubric.Rubric) -> list[BandSpec]:
    return [BandSpec(b.code, b.min, b.zone) for b in the_rubric.categories]


def score_bars(summary: RegionSummary) -> list[Bar]:
    return [
        Bar(u.unit.name, u.shown, u.category or "") for u in summary.units if u.shown is not None
    ]


def heat_rows(summary: RegionSummary) -> list[HeatRow]:
    rows = []
    for unit in summary.units:
        if unit.score is None:
            continue
        shares = tuple(
            (d.points / d.weight if d.weight else 0.0) if d.applicable else None
            for d in unit.score.dimensions
        )
        rows.append(HeatRow(unit.unit.name, shares))
    return rows


# -- labels -----------------------------------------------------------------------------


def item_label(the_rubric: rubric.Rubric, item_id: str, lang: str, limit: int = 90) -> str:
    item = the_rubric.item(item_id)
    text = item.question.get(lang) if item is not None else item_id
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dimension_title(the_rubric: rubric.Rubric, dimension_id: str, lang: str) -> str:
    found = next((d for d in the_rubric.dimensions if d.id == dimension_id), None)
    return found.title.get(lang) if found is not None else dimension_id


def option_label(the_rubric: rubric.Rubric, item_id: str, option_id: str, lang: str) -> str:
    if option_id == rubric.NA:
        return "N/A" if lang == "en" else "Tidak berlaku"
    item = the_rubric.item(item_id)
    option = item.option(option_id) if item is not None else None
    return option.label.get(lang) if option is not None else option_id


# -- the workbook -----------------------------------------------------------------------

HISTORY_LIMIT = 20_000
"""The most answer rows a workbook's History sheet holds. A whole region's history can be
several times its answers (56,000 rows for 500 units); written out it would double the time
to make /unduh, so above this the sheet is left out and the Notes sheet says so and how to get
it (`siapnilai report REGION -o FILE.xlsx --history`). One unit's history always fits."""


@dataclass(frozen=True)
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
    parts = ["siapnilai", slug(region), *([slug(unit)] if unit else []), today.isoformat()]
    return "-".join(p for p in parts if p) + ".xlsx"


def slug(text: str, limit: int = 40) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return cleaned[:limit].rstrip("-")


_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
           "valign": "vcenter"}  # fmt: skip
_ZONE_FILLS = {"hijau": "#C8E6C9", "kuning": "#FFF59D", "merah": "#FFCDD2"}
_WHEN = "yyyy-mm-dd hh:mm"
_UNIX_EPOCH_SERIAL = 25569.0
"""1970-01-01 as an Excel serial day number (days since 1899-12-30)."""
HISTORY_COLUMNS = (0, 1, 3, 4, 5, 7, 8)
"""Of the Answers columns: unit, product, item, answer, note, by, when (the History's)."""


# Workbook texts that the catalogue may not hold yet (conversations/texts is the catalogue's
# home; these are the fallbacks until it does).
def workbook_text(key: str, lang: str, /, **values: object) -> str:
    from conversations.texts import plain

    return plain(key, lang, **values)


Cell = str | int | float | None
"""A cell value; a moment is written as its Excel serial number (`ExcelClock`)."""
Column = tuple[str, float]
"""(text key, or "=" + a literal header; width)."""


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


def build_workbook(data: WorkbookData) -> bytes:
    """The XLSX workbook: Summary, Answers, Gaps, Items, History (when given), Notes. Blocking.

    The cost is per cell, so the question texts live once on the Items sheet (by item id),
    not on every answer and gap row, and the long sheets' rows (Answers, Gaps, History) are
    written by `_splice_rows` rather than cell by cell through XlsxWriter, which writes the
    rest. Every text is written as a string, never as a formula (XlsxWriter's string
    conversions are off, the long sheets use inline strings): an officer's note that starts
    with "=" must not run in the coordinator's spreadsheet."""
    import xlsxwriter  # type: ignore[import-untyped]

    lang = data.lang
    summary = data.summary
    the_rubric = summary.rubric
    tz = ZoneInfo(summary.region.timezone)
    abbr = zone_abbreviation(summary.region.timezone)
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
    when_format = book.add_format({"num_format": _WHEN})
    wrap_format = book.add_format({"text_wrap": True, "valign": "top"})
    fills = {zone: book.add_format({"bg_color": colour}) for zone, colour in _ZONE_FILLS.items()}

    serial = ExcelClock(tz)

    def when(moment: datetime | None) -> float | None:
        return None if moment is None else serial(moment)

    bulk: list[_BulkSheet] = []

    def sheet(
        title_key: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        when_column: int | None = None,
        freeze: int = 2,
        fast: bool = False,
    ) -> Any:
        """A sheet with a header row, widths, frozen panes and a filter. XlsxWriter writes
        the rows, or (`fast`, for the long sheets) `_splice_rows` after it has closed."""
        ws = book.add_worksheet(workbook_text(title_key, lang)[:31])
        for c, (key, width) in enumerate(columns):
            label = key[1:] if key.startswith("=") else workbook_text(key, lang, tz=abbr)
            ws.write_string(0, c, label, header_format)
            ws.set_column(c, c, width, when_format if c == when_column else None)
        ws.set_row(0, 30)
        ws.freeze_panes(1, freeze if len(columns) > 2 else 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        if fast:
            bulk.append(_BulkSheet(len(book.worksheets()), rows, len(columns), when_column))
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
                else:
                    write_number(r, c, value)
        return ws

    def top_gaps(unit: UnitSummary) -> str:
        return "; ".join(f"{g.key} ({g.points:.2f})" for g in unit.gaps[:TOP_GAPS])

    dimension_ids = [d.id for d in the_rubric.dimensions] if the_rubric else []
    summary_columns: list[Column] = [
        ("xlsx.col.region", 22),
        ("xlsx.col.unit", 42),
        ("xlsx.col.rubric", 16),
        ("xlsx.col.completion", 12),
        ("xlsx.col.total", 10),
        ("xlsx.col.index", 9),
        ("xlsx.col.category", 10),
        ("xlsx.col.zone", 10),
        ("xlsx.col.evidence", 10),
        ("xlsx.col.last_activity", 19),
        ("xlsx.col.top_gaps", 60),
    ]
    if the_rubric is not None:
        summary_columns += [("=" + dimension_title(the_rubric, d, lang), 12) for d in dimension_ids]
    summary_rows: list[list[Cell]] = []
    for unit in summary.units:
        score = unit.score
        summary_rows.append(
            [
                unit.unit.region,
                unit.unit.name,
                the_rubric.id if the_rubric and score else None,
                round(unit.completion * 100, 1) if score else None,
                score.total if score else None,
                score.index if score else None,
                unit.category,
                unit.zone,
                unit.evidence_count,
                when(unit.last_activity),
                top_gaps(unit),
                *(
                    round(d.points, 2) if d.applicable else None
                    for d in (score.dimensions if score else ())
                ),
            ]
        )
    ws = sheet("xlsx.sheet.summary", summary_columns, summary_rows, when_column=9)
    last = len(summary_rows)
    if last:
        for zone, fill in fills.items():
            ws.conditional_format(
                1, 7, last, 7,
                {"type": "cell", "criteria": "==", "value": f'"{zone}"', "format": fill},
            )  # fmt: skip
            ws.conditional_format(
                1, 6, last, 6, {"type": "formula", "criteria": f'=$H2="{zone}"', "format": fill}
            )
        ws.conditional_format(
            1, 3, last, 3,
            {"type": "3_color_scale", "min_type": "num", "min_value": 0, "min_color": "#F8696B",
             "mid_type": "num", "mid_value": 50, "mid_color": "#FFEB84",
             "max_type": "num", "max_value": 100, "max_color": "#63BE7B"},
        )  # fmt: skip

    titles: dict[str, str] = {}
    if the_rubric is not None:
        titles = {i.id: d.title.get(lang) for d in the_rubric.dimensions for i in d.items}
    options: dict[tuple[str, str], str] = {}

    def answer(item_id: str, option_id: str) -> str:
        # Looked up once per item and option, not once per row (tens of thousands of rows).
        found = options.get((item_id, option_id))
        if found is None and the_rubric is not None:
            found = options[(item_id, option_id)] = option_label(
                the_rubric, item_id, option_id, lang
            )
        return found or option_id

    def answer_rows(lines: Sequence[AnswerLine]) -> list[list[Cell]]:
        return [
            [
                line.unit,
                line.product,
                titles.get(line.item_id, ""),
                line.item_id,
                answer(line.item_id, line.option_id),
                line.note,
                line.evidence_count,
                line.by_name or str(line.by),
                serial(line.at),
            ]
            for line in lines
        ]

    answer_columns: list[Column] = [
        ("xlsx.col.unit", 36),
        ("xlsx.col.product", 20),
        ("xlsx.col.dimension", 18),
        ("xlsx.col.item", 26),
        ("xlsx.col.answer", 16),
        ("xlsx.col.note", 30),
        ("xlsx.col.evidence", 10),
        ("xlsx.col.by", 18),
        ("xlsx.col.at", 17),
    ]
    sheet("xlsx.sheet.answers", answer_columns, answer_rows(data.answers), when_column=8, fast=True)

    from conversations.texts import plain

    kinds = {kind: plain(f"gaps.kind.{kind}", lang) for kind in ("unanswered", "below_full",
                                                                  "at_risk")}  # fmt: skip
    gap_rows: list[list[Cell]] = [
        [
            unit.unit.name,
            gap.product,
            titles.get(gap.item_id, gap.dimension_id),
            gap.item_id,
            kinds.get(gap.kind, gap.kind),
            round(gap.points, 2),
        ]
        for unit in summary.units
        for gap in unit.gaps
    ]
    gap_columns: list[Column] = [
        ("xlsx.col.unit", 36),
        ("xlsx.col.product", 20),
        ("xlsx.col.dimension", 18),
        ("xlsx.col.item", 26),
        ("xlsx.col.kind", 16),
        ("xlsx.col.points", 10),
    ]
    ws = sheet("xlsx.sheet.gaps", gap_columns, gap_rows, fast=True)
    if gap_rows:
        ws.conditional_format(
            1, 5, len(gap_rows), 5,
            {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#F8696B"},
        )  # fmt: skip

    if the_rubric is not None:
        scopes = {"unit": plain("xlsx.col.unit", lang), "product": plain("xlsx.col.product", lang)}
        item_rows: list[list[Cell]] = [
            [
                item.id,
                titles.get(item.id, ""),
                " ".join(item.question.get(lang).split()),
                scopes.get(item.scope, item.scope),
                item.weight,
                "✓" if item.evidence_required else None,
                item.evidence_hint.shown(lang),
            ]
            for item in the_rubric.items
        ]
        item_columns: list[Column] = [
            ("xlsx.col.item", 26),
            ("xlsx.col.dimension", 18),
            ("xlsx.col.question", 80),
            ("xlsx.col.scope", 10),
            ("xlsx.col.weight", 8),
            ("xlsx.col.evidence_required", 10),
            ("xlsx.col.hint", 60),
        ]
        ws = sheet("xlsx.sheet.items", item_columns, item_rows, freeze=1)
        ws.set_column(2, 2, 80, wrap_format)
        ws.set_column(6, 6, 60, wrap_format)

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
    notes.set_column(0, 0, 120)
    made = (data.generated_at or datetime.now(tz)).astimezone(tz)
    if data.history:
        history_note = workbook_text("xlsx.notes.history_included", lang, rows=len(data.history))
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
    return _splice_rows(buffer.getvalue(), bulk, when_format.xf_index)


@dataclass(frozen=True)
class _BulkSheet:
    number: int
    """1-based, as in xl/worksheets/sheet<number>.xml"""
    rows: Sequence[Sequence[Cell]]
    width: int
    when_column: int | None


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x(?=[0-9A-Fa-f]{4}_)")


def _inline_text(text: str) -> str:
    """A string cell's <is> content, escaped as XlsxWriter escapes it: &, <, > as entities,
    control characters as _xHHHH_ (and a literal "_x0000_" kept literal)."""
    escaped = _XML_ILLEGAL.sub(
        lambda m: "_x005F_x" if m.group() == "_x" else f"_x{ord(m.group()):04X}_", text
    ).translate(_XML_ESCAPES)
    if escaped != escaped.strip():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


def _column_letters(count: int) -> list[str]:
    letters = []
    for c in range(count):
        name, n = "", c + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _rows_xml(sheet: _BulkSheet, when_style: int) -> str:
    """The data rows (from row 2) as SpreadsheetML. Strings are inline strings
    (t="inlineStr", as XlsxWriter's constant_memory mode writes them): always text, so a
    note such as "=HYPERLINK(...)" is never a formula."""
    letters = _column_letters(sheet.width)
    texts: dict[str, str] = {}
    parts: list[str] = []
    for r, row in enumerate(sheet.rows, start=2):
        cells = [f'<row r="{r}">']
        for c, value in enumerate(row):
            if value is None:
                continue
            if value.__class__ is str:
                inline = texts.get(value)
                if inline is None:
                    inline = texts[value] = _inline_text(value)
                cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is>{inline}</is></c>')
            elif c == sheet.when_column:
                cells.append(f'<c r="{letters[c]}{r}" s="{when_style}"><v>{value:.16g}</v></c>')
            else:
                cells.append(f'<c r="{letters[c]}{r}"><v>{value:.16g}</v></c>')
        cells.append("</row>")
        parts.append("".join(cells))
    return "".join(parts)


def _splice_rows(book: bytes, sheets: Sequence[_BulkSheet], when_style: int | None) -> bytes:
    """Put the long sheets' data rows into the closed workbook.

    XlsxWriter's cost is per cell (about 10 µs: a Python call to store it, another to write
    its XML), which made a 500-unit region's workbook take seconds. Its sheets keep what it
    does well (header, widths, frozen panes, filter, conditional colours, styles); the rows
    below the header are written here as plain SpreadsheetML, about ten times faster."""
    if not sheets:
        return book
    if when_style is None:
        raise RuntimeError("the date format has no style index: XlsxWriter did not use it")
    wanted = {f"xl/worksheets/sheet{s.number}.xml": s for s in sheets}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            sheet = wanted.get(info.filename)
            if sheet is not None:
                xml = data.decode("utf-8")
                last = f"{_column_letters(sheet.width)[-1]}{len(sheet.rows) + 1}"
                xml, found = re.subn(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1
                )
                head, end, tail = xml.partition("</sheetData>")
                if not found or not end:
                    raise RuntimeError(f"{info.filename}: not the sheet XlsxWriter writes")
                data = (head + _rows_xml(sheet, when_style) + end + tail).encode("utf-8")
            # Level 1: a quarter of the default level's time, a fifth bigger.
            target.writestr(info, data, compresslevel=1)
    return out.getvalue()


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


# -- the evidence pack ------------------------------------------------------------------


@dataclass(frozen=True)
class PackFile:
    line: EvidenceLine
    folder: str
    """<dimension>/<item>[ @product]"""
    name: str
    """The file's name inside its folder (numbered, so names never collide)."""

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass(frozen=True)
class PackPart:
    filename: str
    data: bytes
    files: int
    """Evidence files inside this part."""


@dataclass
class PackReport:
    """What happened to every file; filled while the pack is built."""

    included: list[PackFile] = field(default_factory=list)
    too_big: list[PackFile] = field(default_factory=list)
    failed: list[tuple[PackFile, str]] = field(default_factory=list)
    parts: int = 0


_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
}
_STORED = (".jpg", ".jpeg", ".png", ".mp4", ".zip", ".gif", ".webp", ".heic", ".mov")


def safe_name(text: str, limit: int = 80) -> str:
    cleaned = re.sub(r"[^\w .,()@+-]+", "_", text, flags=re.UNICODE).strip(" ._")
    return cleaned[:limit].strip() or "_"


def plan_pack(
    lines: Sequence[EvidenceLine], the_rubric: rubric.Rubric, lang: str
) -> list[PackFile]:
    """Where every file goes: <n. dimension>/<item>[ @product]/<nnn>-<name>."""
    numbers = {d.id: i for i, d in enumerate(the_rubric.dimensions, start=1)}
    files = []
    for seq, line in enumerate(lines, start=1):
        dim = the_rubric.dimension_of(line.item_id)
        dim_folder = safe_name(f"{numbers[dim.id]}. {dim.title.get(lang)}") if dim else "0. lainnya"
        item_folder = safe_name(line.item_id + (f" @{line.product}" if line.product else ""))
        file = line.row.file
        base = file.file_name or f"{file.kind}-{line.row.id}"
        if "." not in base:
            base += _EXTENSIONS.get(file.mime_type or "", ".jpg" if file.kind == "photo" else "")
        files.append(PackFile(line, f"{dim_folder}/{item_folder}", f"{seq:03d}-{safe_name(base)}"))
    return files


async def build_pack(
    files: Sequence[PackFile],
    fetch: Callable[[str], Awaitable[bytes]],
    *,
    base_name: str,
    readme: Callable[[PackReport], str],
    the_rubric: rubric.Rubric,
    lang: str,
    timezone: str,
    download_limit: int = DOWNLOAD_LIMIT,
    part_limit: int = UPLOAD_LIMIT,
    report: PackReport | None = None,
) -> AsyncIterator[PackPart]:
    """Download every file (`fetch(file_id) -> bytes`) into ZIP parts under `part_limit`.

    Files over `download_limit`, or that fail to download, are not lost: README.txt lists
    them and INDEX.csv lists every file (path, item, who, when, caption, status); both go in
    the last part. Parts are yielded as soon as they are full, so memory stays bounded.
    """
    report = report if report is not None else PackReport()
    state = _Part()
    number = 0

    def finish(final: bool) -> PackPart:
        nonlocal number
        number += 1
        split = number > 1 or not final
        name = f"{base_name}-{number}.zip" if split else f"{base_name}.zip"
        report.parts = number
        return state.close(name)

    for pack_file in files:
        size = pack_file.line.row.file.size
        if size is not None and size > download_limit:
            report.too_big.append(pack_file)
            continue
        try:
            data = await fetch(pack_file.line.row.file.file_id)
        except Exception as exc:  # any download failure is reported, never fatal
            report.failed.append((pack_file, _describe(exc)))
            continue
        if len(data) > download_limit:
            report.too_big.append(pack_file)
            continue
        if state.files and state.projected(pack_file.path, len(data)) > part_limit:
            yield finish(final=False)
            state = _Part()
        state.add(pack_file.path, data)
        report.included.append(pack_file)

    state.add("README.txt", readme(report).encode("utf-8"))
    state.add("INDEX.csv", _index_csv(files, report, the_rubric, lang, timezone))
    yield finish(final=True)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


class _Part:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.files = 0
        self.directory = 22

    def projected(self, path: str, size: int) -> int:
        entry = len(path.encode("utf-8"))
        return self.buffer.tell() + 30 + entry + size + 16 + self.directory + 46 + entry

    def add(self, path: str, data: bytes) -> None:
        stored = path.lower().endswith(_STORED)
        self.zip.writestr(
            path, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        )
        self.directory += 46 + len(path.encode("utf-8"))
        if not path.endswith((".txt", ".csv")) or "/" in path:
            self.files += 1

    def close(self, name: str) -> PackPart:
        files = self.files
        self.zip.close()
        return PackPart(name, self.buffer.getvalue(), files)


def _index_csv(
    files: Sequence[PackFile],
    report: PackReport,
    the_rubric: rubric.Rubric,
    lang: str,
    timezone: str,
) -> bytes:
    tz = ZoneInfo(timezone)
    status = {id(f): "included" for f in report.included}
    status.update({id(f): "too_big" for f in report.too_big})
    status.update({id(f): f"failed: {why}" for f, why in report.failed})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["path", "dimension", "item", "product", "question", "kind", "file_name", "size",
         "by", "at", "caption", "status"]
    )  # fmt: skip
    for f in files:
        line = f.line
        dim = the_rubric.dimension_of(line.item_id)
        writer.writerow(
            [
                f.path,
                dim.title.get(lang) if dim else "",
                line.item_id,
                line.product or "",
                item_label(the_rubric, line.item_id, lang, limit=300),
                line.row.file.kind,
                line.row.file.file_name or "",
                line.row.file.size if line.row.file.size is not None else "",
                line.by_name or line.row.by,
                line.row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                line.row.file.caption or "",
                status.get(id(f), "not processed"),
            ]
        )
    # A BOM so that Excel opens the UTF-8 file with the right characters.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
