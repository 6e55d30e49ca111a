"""English texts of review (/review), the verified score and returned items (merged into `en`)."""

TEXTS: dict[str, str] = {
    "cmd.review": "Review units' evidence before the assessors come (coordinators)",
    # /review ----------------------------------------------------------------------------
    "rv.no_scope": (
        "Reviews are for regional coordinators and admins. Officers see review results in /gaps."
    ),
    "rv.pick_unit": "🔎 <b>Review · {region}</b>\nChoose a unit (most waiting first):",
    "rv.no_units": "This region has no units yet.",
    "rv.unit_button": "{unit} · {waiting} waiting",
    "rv.unit_button_none": "{unit} · not started",
    "rv.scope_title": (
        "🔎 <b>{unit}</b>\n{answered} answered · {waiting} waiting for review · "
        "{accepted} accepted · {returned} returned.\nWhich ones?"
    ),
    "rv.scope.queue": "Waiting for review ({n})",
    "rv.scope.all": "All answered ({n})",
    "rv.scope.dim": "{dimension} ({n})",
    "rv.header": "🔎 <b>{unit}</b> · {n}/{total} · {scope}",
    "rv.scope_name.queue": "waiting for review",
    "rv.scope_name.all": "all answered",
    "rv.dimension": "<i>{dimension}</i>",
    "rv.answer": "Answer: <b>{answer}</b>",
    "rv.note": "Officer's note: {note}",
    "rv.by": "Answered by {name} · {date}",
    "rv.evidence": "📎 Evidence: {files} (sent above). Asked for: {hint}",
    "rv.evidence_none": "📎 No evidence yet. Asked for: {hint}",
    "rv.evidence_required_none": (
        "📎 No evidence yet, and this item <b>requires evidence</b>: without a file, ✅ Accept "
        "adds nothing to the verified score. Asked for: {hint}"
    ),
    "rv.status.accepted": "✅ Already accepted.",
    "rv.status.returned": "↩ Already returned: {comment}",
    "rv.accept": "✅ Accept",
    "rv.return": "↩ Return",
    "rv.skip": "⏭ Skip",
    "rv.ask_comment": (
        "↩ Write in one message what is missing or must be fixed (at most {limit} characters), "
        "or /cancel.\n<i>{question}</i>"
    ),
    "rv.done": (
        "Nothing left to review here (<b>{unit}</b>). Reviewed: {reviewed}. Type /review for "
        "another unit."
    ),
    "rv.accepted": "Accepted.",
    "rv.returned": "↩ Returned to <b>{unit}</b>; {officers} told.",
    "rv.by_coordinator": "the coordinator",
    "rv.by_admin": "an admin",
    "rv.notify": (
        "↩ <b>Item returned by {by}</b>\n{question}{product}\n"
        "Comment: <i>{comment}</i>\nFix it, then answer again: the item will be reviewed again."
    ),
    "rv.notify_accepted": (
        "✅ <b>A returned item is now accepted by {by}</b>\n"
        "{question}{product}\nNo fix is needed any more."
    ),
    "rv.refused.already_accepted": "This item is already accepted; nothing changed.",
    "rv.refused.already_returned": (
        "This item is already returned; waiting for the officer to answer again."
    ),
    "rv.open_item": "Open item",
    "rv.cancelled": "Return cancelled; the item is not reviewed yet.",
    "rv.cancelled_by_other": (
        "↩ The return waiting for its comment is cancelled because you opened another "
        "command or button; nothing was recorded. Type /review to return the item again."
    ),
    "rv.refused.forbidden": "This unit is outside your region.",
    "rv.refused.not_found": "This unit or self-check no longer exists.",
    "rv.refused.no_selfcheck": "This unit has not started in the current cycle.",
    "rv.refused.stale": "This item was just answered again; review the new answer.",
    "rv.refused.files_changed": (
        "The files of this item changed since it was shown; nothing was recorded. Type /review "
        "to see the files it has now."
    ),
    "rv.refused.review_changed": (
        "Another coordinator judged this item since it was shown; nothing was recorded. "
        "Type /review to see their verdict."
    ),
    "rv.refused.item_gone": "This item is gone. Type /review.",
    "rv.refused.no_return": "No return is waiting for a comment.",
    "rv.comment_text_only": (
        "A return's comment must be text: write in one message what is missing, or /cancel "
        "to cancel the return."
    ),
    "rv.refused.empty": "The comment cannot be empty. Write it, or /cancel.",
    "rv.refused.too_long": "The comment is too long (at most {limit} characters).",
    "n.person.one": "{n} officer",
    "n.person.other": "{n} officers",
    # The officer's side ---------------------------------------------------------------
    "q.returned": "↩ <b>Returned for a fix:</b> {comment}",
    "score.verified": "Verified: <b>{verified}</b>",
    "gaps.returned_title": "<b>↩ Returned for a fix</b>",
    "gaps.returned_line": "• {question}{product}: <i>{comment}</i>",
    "gaps.unverified_title": "<b>Not yet verified</b> (points the assessors will not count yet)",
    "gaps.unverified_line": "• {question}{product} — {points} points",
}
