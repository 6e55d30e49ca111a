"""Reports for coordinators and officers: the region summary, the XLSX workbook, the
evidence pack ZIP, and what the charts are drawn from.

Everything here works on plain data read by the store's reporting queries (snapshots, answer
lines, evidence lines) and the pure rubric engine; only `region_summary` / `workbook_for`
touch the store. Rendering the workbook and the ZIP is blocking: run them with
`asyncio.to_thread` (the pack builder is async itself because it downloads files).
One module per idea: `summary`, `chartdata`, `labels`, `workbook` (+ `xlsx_rows`), `unit_pages`
(one printable PDF page per unit), `pack`.
"""

from bot.reports.chartdata import heat_columns, heat_rows, score_bars
from bot.reports.labels import dimension_title, gap_points, item_label, option_label
from bot.reports.pack import (
    UPLOAD_LIMIT,
    PackFile,
    PackPart,
    PackReport,
    build_pack,
    plan_pack,
    safe_name,
)
from bot.reports.summary import (
    COMMON_GAPS,
    TOP_GAPS,
    Averages,
    CommonGap,
    RegionSummary,
    UnitSummary,
    Window,
    common_gaps,
    region_summary,
    summarize,
    summarize_unit,
    window_of,
)
from bot.reports.unit_pages import unit_pages_pdf
from bot.reports.workbook import (
    HISTORY_LIMIT,
    ExcelClock,
    WorkbookData,
    build_workbook,
    latest_answers,
    slug,
    unit_slug,
    workbook_for,
    workbook_name,
)
from bot.reports.xlsx_rows import BulkSheet, rows_xml

__all__ = [
    "COMMON_GAPS",
    "HISTORY_LIMIT",
    "TOP_GAPS",
    "UPLOAD_LIMIT",
    "Averages",
    "BulkSheet",
    "CommonGap",
    "ExcelClock",
    "PackFile",
    "PackPart",
    "PackReport",
    "RegionSummary",
    "UnitSummary",
    "Window",
    "WorkbookData",
    "build_pack",
    "build_workbook",
    "common_gaps",
    "dimension_title",
    "gap_points",
    "heat_columns",
    "heat_rows",
    "item_label",
    "latest_answers",
    "option_label",
    "plan_pack",
    "region_summary",
    "rows_xml",
    "safe_name",
    "score_bars",
    "slug",
    "summarize",
    "summarize_unit",
    "unit_pages_pdf",
    "unit_slug",
    "window_of",
    "workbook_for",
    "workbook_name",
]
