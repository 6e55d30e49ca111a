"""English texts of the coordinator flows, reports and reminders (merged into `en`)."""

TEXTS: dict[str, str] = {
    # /summary ---------------------------------------------------------------------------
    "co.title": "📊 <b>Summary of {region}</b> · {date}",
    "co.cycle": "Cycle {year}: <b>{rubric}</b> · window {opens} to {closes}",
    "co.window.before": "⏳ The assessment window opens in <b>{days}</b>.",
    "co.window.open": "🟢 The assessment window is open: it closes in <b>{days}</b>.",
    "co.window.last_day": "🟢 The assessment window is open: <b>today is its last day</b>.",
    "co.window.closed": "The assessment window closed {days} ago.",
    "co.no_cycle": "There is no assessment cycle for this region yet.",
    "co.no_units": "This region has no units yet.",
    "co.totals": (
        "{units} · {complete} finished · average completion {completion}% · average score {average}"
    ),
    "co.totals_started": (
        "{units} · {complete} finished · of the {started} that have started: "
        "average completion {completion}% · average score {average}"
    ),
    "co.totals_none_started": "{units} · {complete} finished · none has started yet",
    "co.admin_not_found": "There is no region named <b>{name}</b>.",
    "co.waiting": "🔎 {items} waiting for your review in {units}: /review",
    "co.units_title": "<b>Units, highest provisional score first</b>",
    "co.unit": (
        "{rank}. <b>{unit}</b>\n"
        "    {completion}% answered · score {score} · verified {verified} · {category} · "
        "evidence {evidence} · last activity {last}"
    ),
    "co.unit_compact": (
        "{rank}. <b>{unit}</b> — {completion}% · {score} · ✔ {verified} · {category}"
    ),
    "co.admin_pick": (
        "Name the region: <code>/{command} REGION</code>, e.g. "
        "<code>/{command} {example}</code>. Regions: {regions}"
    ),
    "co.unit_no_score": "{rank}. <b>{unit}</b> — no cycle yet",
    "co.unit_not_started": "{rank}. <b>{unit}</b> — not started",
    "co.unit_gaps": "    Top gaps: {gaps}",
    "co.never": "none yet",
    "co.common_title": "<b>Items most units still miss</b>",
    "co.common_line": "• {item} ({dimension}) — {units} of {of} units that have started",
    "co.chart_scores": "Provisional score by unit — {region}",
    "co.chart_heatmap": "Share of each dimension's points (%) — {region}",
    "co.chart_axis_points": "Provisional score (0–100)",
    "co.chart_axis_index": "Index (0–5)",
    "co.caption_scores": (
        "Provisional score by unit, who needs help most on top; background = category "
        "({bands}). Units that have not started are grey."
    ),
    "co.caption_heatmap": (
        "Share of each dimension's points earned, by unit, who needs help most on top. "
        "Grey: not started."
    ),
    "co.caption_truncated": (
        " Score chart: the {edge} lowest and {edge} highest units; heat map: the {lowest} "
        "lowest. Every unit is in the text and in /export."
    ),
    "co.chart_not_started": "not started",
    "co.chart_idle": "{units} (listed in the text)",
    "co.zone_word.hijau": "green",
    "co.zone_word.kuning": "yellow",
    "co.zone_word.merah": "red",
    "co.chart_gap": "… {units} more (see the text and /export) …",
    "co.more_in_export": "Every unit in full: /export.",
    # /export ----------------------------------------------------------------------------
    "co.export_caption": "📄 SiapNilai report <b>{region}</b> · {date}",
    "co.export_caption_unit": "📄 SiapNilai report <b>{unit}</b> · {date}",
    "co.export_pack_hint": (
        "Need the evidence archive for the assessors? Press <i>Evidence pack</i>. One page "
        "per unit to print (score, category, the five biggest gaps, what was verified): "
        "<i>Unit page (PDF)</i>."
    ),
    "co.btn_pack": "📦 Evidence pack",
    "co.btn_page": "📄 Unit page (PDF)",
    "co.page_choose": "Choose a unit for its one-page summary (PDF, ready to print):",
    "co.page_caption": "📄 One-page summary of <b>{unit}</b> · {region} · {date}",
    "co.pack_choose": "Choose a unit for the evidence pack:",
    "co.pack_working": (
        "⏳ Preparing the evidence pack of <b>{unit}</b> ({files}). This can take a few minutes."
    ),
    "co.pack_empty": "<b>{unit}</b> has no evidence in this cycle yet.",
    "co.pack_caption": "📦 Evidence pack <b>{unit}</b> · archive {part}",
    "co.pack_file": "siapnilai-evidence",
    "co.pack_other": "other",
    "co.pack_done": "✅ Evidence pack of <b>{unit}</b>: {files} in {archives}.",
    "co.pack_missing": (
        "⚠️ {files} could not be downloaded by the bot (over 20 MB, or failed); they are "
        "listed in README.txt inside the archive."
    ),
    "co.pack_busy": "An evidence pack is being prepared. Please wait until it is done.",
    "co.no_scope": "You are not linked to a unit or a region yet.",
    # Evidence pack README (plain text) --------------------------------------------------
    "co.readme_title": "SiapNilai evidence pack: {unit} ({region})",
    "co.readme_cycle": "Cycle {year}: {rubric}, window {opens} to {closes}",
    "co.readme_made": "Made: {at} {tz}",
    "co.readme_layout": (
        "Layout: <dimension>/<item>[ @product]/<file>. INDEX.csv lists every file: who "
        "uploaded it, when, its caption and its status."
    ),
    "co.readme_counts": "Files included: {included} of {total}.",
    "co.readme_missing_title": "Files NOT included (not lost; they are still on Telegram):",
    "co.readme_too_big": "- {path}: over 20 MB (the Bot API download limit), size {size}",
    "co.readme_failed": "- {path}: download failed ({reason})",
    "co.readme_none_missing": "Every file is included.",
    # Workbook (plain text) --------------------------------------------------------------
    "xlsx.sheet.summary": "Summary",
    "xlsx.sheet.answers": "Answers",
    "xlsx.sheet.gaps": "Gaps",
    "xlsx.sheet.history": "History",
    "xlsx.col.region": "Region",
    "xlsx.col.unit": "Unit",
    "xlsx.col.rubric": "Rubric",
    "xlsx.col.completion": "Completion %",
    "xlsx.col.total": "Total",
    "xlsx.not_started": "Not started",
    "xlsx.not_started_items": "Not started: {items} items unanswered",
    "xlsx.col.verified": "Verified",
    "xlsx.col.index": "Index",
    "xlsx.col.verified_index": "Verified index",
    "xlsx.sheet.dimensions": "Dimensions",
    "xlsx.col.dimension_max": "{title} (max {weight})",
    "xlsx.print_header": "SiapNilai · {region} · {rubric}",
    "xlsx.col.category": "Category",
    "xlsx.col.zone": "Zone",
    "xlsx.zone.hijau": "green",
    "xlsx.zone.kuning": "yellow",
    "xlsx.zone.merah": "red",
    "xlsx.col.evidence": "Evidence",
    "xlsx.col.last_activity": "Last activity ({tz})",
    "xlsx.col.top_gaps": "Top gaps (points)",
    "xlsx.col.product": "Product",
    "xlsx.col.dimension": "Dimension",
    "xlsx.col.item": "Item",
    "xlsx.col.question": "Question",
    "xlsx.col.answer": "Answer",
    "xlsx.col.note": "Note",
    "xlsx.col.by": "By",
    "xlsx.col.at": "When ({tz})",
    "xlsx.col.kind": "Kind",
    "xlsx.col.points": "Points",
    "xlsx.col.hint": "Evidence hint",
    # Reminders --------------------------------------------------------------------------
    "rem.before": (
        "⏰ <b>SiapNilai reminder</b>\n"
        "The <b>{cycle}</b> assessment window opens on {opens} (days to go: <b>{days}</b>)."
    ),
    "rem.weekly": (
        "⏰ <b>SiapNilai weekly reminder</b>\n"
        "The <b>{cycle}</b> assessment window is open until {closes} (days left: {days})."
    ),
    "rem.weekly_last_day": (
        "⏰ <b>SiapNilai weekly reminder</b>\n"
        "The <b>{cycle}</b> assessment window closes today ({closes})."
    ),
    "rem.status": (
        "<b>{unit}</b>: {answered}/{askable} items answered ({completion}%) · "
        "provisional score {score} · {category}"
    ),
    "rem.gaps_title": "Top gaps:",
    "rem.gap": "• {item}",
    "rem.btn_continue": "▶ Continue the self-check",
    "rem.off_hint": "Turn reminders off: /reminders",
    "rem.digest_title": "🗓 <b>SiapNilai weekly summary</b>",
    # /reminders -------------------------------------------------------------------------
    "rem.opened": (
        "📣 The <b>{cycle}</b> cycle is open for your unit. Assessment window: {opens} "
        "to {closes}. Start preparing now: type /check."
    ),
    "rem.opened_open": (
        "📣 The <b>{cycle}</b> cycle is open for your unit. The assessment window is open "
        "until {closes} (days left: {days})."
    ),
    "rem.monthly": (
        "🗓 Preparing for <b>{cycle}</b>: the assessment window opens {opens} (in {days} days)."
    ),
    "rem.not_started": "The self-check of <b>{unit}</b> has not started yet. Type /check.",
    "rem.state.1": (
        "Reminders: <b>all</b> (cycle announcement, monthly while preparing, the last month, "
        "weekly)."
    ),
    "rem.state.2": (
        "Reminders: <b>only the last month</b> (30, 14, 7, 1 days before the window, then weekly)."
    ),
    "rem.state.0": "Reminders: <b>off</b>.",
    "rem.digest_state": (
        "Reminders: <b>on</b> (the region's summary every Monday at 08:00 during the cycle)."
    ),
    "rem.next": "Next reminder: {day}.",
    "rem.next_none": "No reminder is scheduled for the current cycle.",
    "rem.next_complete": (
        "Your unit's self-check is complete: no reminders while it stays complete."
    ),
    "rem.choose": "Choose:",
    "rem.unknown_word": (
        "The word <b>{word}</b> was not understood. Type /reminders alone and choose a button, "
        "or /reminders with one of these words — on: {on}; off: {off}."
    ),
    "btn.rem.1": "All",
    "btn.rem.2": "Only the last month",
    "btn.rem.0": "Off",
    "rem.admin_only": "Reminders are for registered officers and coordinators.",
    # Workbook: the Items and Notes sheets ---------------------------------------------
    "xlsx.sheet.items": "Items",
    "xlsx.sheet.notes": "Notes",
    "xlsx.col.scope": "Scope",
    "xlsx.col.weight": "Weight",
    "xlsx.col.evidence_required": "Evidence required",
    "xlsx.notes.title": "SiapNilai · {region}",
    "xlsx.notes.generated": "Made {when} ({tz}); rubric {rubric}; units: {units}.",
    "xlsx.notes.sheets": (
        "Sheets: Summary (one row per unit), Dimensions (points per dimension), Answers "
        "(the latest answer per item), Gaps (items below full value), Items (question text "
        "and evidence hint per item id), "
        "History (every answer ever given)."
    ),
    "xlsx.notes.history_included": "History: {rows}, replaced ones included.",
    "xlsx.notes.history_none": "History: no answer was ever replaced.",
    "xlsx.notes.history_left_out": (
        "History left out: {rows} answers (more than {limit}) would make this file slow "
        "to make and to open. Every officer gets their unit's history with /export; an "
        "administrator can write the whole region's: siapnilai report {region_id} -o "
        "FILE.xlsx --history"
    ),
}
