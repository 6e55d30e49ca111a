"""English texts. Same keys as `id.py`; HTML templates; values are escaped by `render`."""

TEXTS: dict[str, str] = {
    # Command menu (setMyCommands) -------------------------------------------------------
    "cmd.start": "Start, or join with an invite code",
    "cmd.check": "Fill in or continue the self-check",
    "cmd.score": "See the provisional score",
    "cmd.gaps": "See the gaps and the path to the next category",
    "cmd.products": "See and add service products",
    "cmd.summary": "Summary of every unit (coordinators)",
    "cmd.export": "Download the XLSX report and evidence packs",
    "cmd.reminders": "Reminders: see and choose (all, the last month, off)",
    "cmd.language": "Change the language",
    "cmd.help": "Help",
    "cmd.cancel": "Cancel what the bot is waiting for",
    # Joining ----------------------------------------------------------------------------
    "deactivated": (
        "Your SiapNilai account was deactivated by a coordinator or admin.\n"
        "If that is a mistake, ask your coordinator for a new invite link."
    ),
    "unregistered": (
        "This bot is for invited service-unit officers and coordinators, and for the "
        "citizens' satisfaction survey.\n"
        "Officers: ask your coordinator for an invite link, then open it.\n"
        "Citizens: to answer the survey, scan the QR code at the service unit. A survey you "
        "have finished is already counted, thank you."
    ),
    "join.officer": (
        "Welcome, {name}! You are registered as an officer of <b>{unit}</b>.\n\n"
        "Type /check to start the self-check. /help explains everything."
    ),
    "join.coordinator": (
        "Welcome, {name}! You are registered as the coordinator of <b>{region}</b>.\n\n"
        "Type /summary to see every unit. /help explains everything."
    ),
    "join.error.unknown": (
        "This invite code is not known. Check the link, or ask whoever sent it to you for a "
        "new one."
    ),
    "join.error.revoked": ("This invite code was revoked. Ask whoever sent it for a new link."),
    "join.error.expired": (
        "This invite code has expired. Ask whoever sent you the link for a new one."
    ),
    "join.error.used_up": (
        "This invite code has been used as many times as allowed. Ask whoever sent you the "
        "link for a new one."
    ),
    "join.error.before_deactivation": (
        "Your account was deactivated after this invite code was made, so this code cannot "
        "bring it back. If that is a mistake, ask your coordinator for a new invite."
    ),
    "join.confirm": "You are now {now}. This code makes you {then}. Switch?",
    "join.place.officer": "an officer of <b>{unit}</b> ({region})",
    "join.place.coordinator": "the coordinator of <b>{region}</b>",
    "join.place.admin": "an admin",
    "join.kept": "OK, nothing changed. The invite code was not used.",
    "btn.switch": "Switch",
    "btn.keep": "Cancel",
    "join.error.already_member": "You are already registered. Type /help to see what you can do.",
    "welcome.officer": (
        "Welcome back, {name}. You are an officer of <b>{unit}</b>.\n"
        "Type /check to continue the self-check, /score for the provisional score, "
        "/gaps for the gaps."
    ),
    "welcome.coordinator": (
        "Welcome back, {name}. You are the coordinator of <b>{region}</b>.\n"
        "Type /summary for every unit, /export for the XLSX report."
    ),
    "welcome.admin": (
        "Welcome, {name}. You are an admin of this bot.\n"
        "Type /summary for every region, /help for every command."
    ),
    # Help -------------------------------------------------------------------------------
    "help.officer": (
        "<b>SiapNilai</b> gets your unit ready for the public-service assessments "
        "(the Ombudsman RI Opinion, KemenPANRB's PEKPPP).\n\n"
        "/check — walk the checklist one item at a time. Press an answer (best first), "
        "<i>N/A</i> when it really does not apply (then write why), <i>⬅ Back</i>, "
        "<i>Skip ➡</i>, or <i>List</i> to jump to any item. Answers can be changed at any time; "
        "their history is kept.\n"
        "Evidence: send photos or documents (albums too) while the question is shown, or "
        "after a positive answer (the next item stands under the evidence request: just answer "
        "it to go on). <i>↩ Undo</i> takes back the files just sent. Answers can be typed too "
        "(e.g. <i>yes</i>). <i>📝 Note</i> adds a note to an answer; if a colleague changed the "
        "item meanwhile you see their answer and <i>Replace</i>. In a new cycle, "
        "<i>↺ Still valid</i> keeps last year's answer, note and evidence.\n"
        "/score — provisional score, category and points per dimension.\n"
        "/gaps — the gaps ranked by points, and the path to the next category.\n"
        "/products — your unit's service products (product items are asked per product).\n"
        "/survey — the citizens' satisfaction survey: link, QR code, a poster for the counter, "
        "and its results (IKM).\n"
        "/export — your unit's XLSX workbook; its <i>📦 Evidence pack</i> button sends a ZIP "
        "of all the evidence, organised by dimension and item, and <i>📄 Unit page (PDF)</i> "
        "one printable page for the head of the unit.\n"
        "/reminders — your reminders, the next date, and the choices (all, only the last "
        "month, off).\n"
        "/language — change the language (Indonesia/English).\n"
        "/cancel — cancel what the bot is waiting for."
    ),
    "help.coordinator": (
        "<b>SiapNilai</b> for coordinators.\n\n"
        "/summary — every unit of your region: completion, provisional score, category, "
        "top gaps, and a chart.\n"
        "/export — the XLSX workbook for your region; its <i>📦 Evidence pack</i> button "
        "sends one unit's evidence as a ZIP archive, <i>📄 Unit page (PDF)</i> one printable "
        "page per unit.\n"
        "/review — check each unit's evidence: <i>✅ Accept</i> or <i>↩ Return</i> with a "
        "comment; the verified score counts only what was accepted.\n"
        "/invite — officer invites (with a QR code), people and invites per unit.\n"
        "/reminders — turn the weekly summary on or off.\n"
        "/language — change the language (Indonesia/English).\n"
        "/cancel — cancel what the bot is waiting for."
    ),
    "help.admin": (
        "<b>SiapNilai</b> for admins.\n\n"
        "Regions, units, cycles and invites are created with the <code>siapnilai</code> "
        "command on the server.\n"
        "/summary <i>REGION</i> — the summary of one region (without a name: the list).\n"
        "/export <i>REGION</i> — a region's XLSX workbook and evidence packs.\n"
        "/review <i>REGION</i>, /invite <i>REGION</i> — evidence review, people and invites.\n"
        "/language — change the language (Indonesia/English).\n"
        "/cancel — cancel what the bot is waiting for."
    ),
    # General ----------------------------------------------------------------------------
    "cancel.done": "Cancelled. Type /check to continue.",
    "cancel.nothing": "Nothing is pending.",
    "unknown_command": "I don't know that command. Type /help for the list.",
    "text.stale_cycle": (
        "Your unit's assessment cycle has changed; what you sent was not saved to the old "
        "cycle. Type /check for the current one."
    ),
    "text.unexpected": "I'm not waiting for text. Type /check to continue, or /help.",
    "text.unexpected.coordinator": (
        "I'm not waiting for text. As a coordinator: /summary (all units), /review (check "
        "evidence), or /help."
    ),
    "message.unsupported.coordinator": (
        "This bot reads text, photos and documents, not stickers, voice messages, locations "
        "or contacts. As a coordinator: /summary (all units), /review (check evidence), "
        "or /help."
    ),
    "message.unsupported": (
        "This bot reads text, photos and documents, not stickers, voice messages, locations "
        "or contacts. Type /check to continue, or /help."
    ),
    "text.too_long": "That text is too long (at most {limit} characters). Please shorten it.",
    "media.unexpected.coordinator": (
        "Evidence comes from the unit's officers through /check; files from a coordinator "
        "are not kept. As a coordinator: /summary (all units), /review (check evidence), "
        "or /help."
    ),
    "media.unexpected": (
        "I'm not waiting for a file. To add evidence, open the item with /check and press "
        "<i>Add evidence</i>."
    ),
    "typed.saved": "Saved: <b>{answer}</b>.",
    "option.example": "Yes",
    "waiting.question": (
        "I'm waiting for an answer to item {at}: press one of the buttons under the question, "
        "type the answer (e.g. <i>{example}</i>), or send a photo or document as evidence."
    ),
    "waiting.na_reason": (
        "I'm waiting for the reason for <b>N/A</b> on item {at}, as text. Write "
        "the reason, or /cancel."
    ),
    "waiting.note": "I'm waiting for a note on item {at}, as text. Write the note, or /cancel.",
    "waiting.evidence": (
        "I'm waiting for evidence for item {at}: a photo or a document (PDF, image, Word, "
        "Excel, PowerPoint). Stickers, voice notes and videos can't be evidence."
    ),
    "waiting.product_name": (
        "I'm waiting for a service product's name, as text. Write it, or /cancel."
    ),
    "private_only": (
        "I only work in a private chat, so that nobody else reads your data. "
        "Open a chat with me: @{bot}"
    ),
    "error.not_saved": (
        "<b>Not saved.</b> The server cannot store anything right now (its storage is full "
        "or read-only); what you just sent was NOT saved. Please try again later; the "
        "administrator has been alerted in the logs."
    ),
    "error.saved": (
        "Your answer <b>{answer}</b> is saved, but the screen could not be updated. "
        "Type /check to go on; there is no need to answer again."
    ),
    "error.saved_file": (
        "Your file <b>{answer}</b> is saved as evidence, but the screen could not be updated. "
        "Type /check to go on; there is no need to send it again."
    ),
    "error.saved_note": (
        "Your note is saved, but the screen could not be updated. "
        "Type /check to go on; there is no need to send it again."
    ),
    "error.generic": "Sorry, something went wrong. Please try again in a moment.",
    "officer_only": "This command is for service-unit officers.",
    "coordinator_only": "This command is for coordinators.",
    "members_only": ("This command is for service-unit officers and regional coordinators."),
    "language.choose": "Choose a language:",
    "language.set": "Language changed to English.",
    "language.admin_note": "Your language choice is saved once you are registered.",
    # Cycles -----------------------------------------------------------------------------
    "cycle.none": (
        "There is no assessment cycle for your unit yet. The SiapNilai admin opens cycles; "
        "ask your region's coordinator if you need one."
    ),
    "cycle.closed": (
        "The assessment cycle <b>{cycle}</b> is closed; answers can no longer change. "
        "Type /score to see the result."
    ),
    # Products ---------------------------------------------------------------------------
    "products.title": "<b>Service products of {unit}</b>",
    "products.line": "• {name}",
    "products.empty": "No service products yet.",
    "products.ask_name": (
        "Write the name of the service product (e.g. <i>KTP-el</i> or <i>Akta Kelahiran</i>), "
        "or /cancel."
    ),
    "products.added": "Product <b>{name}</b> added.",
    "products.exists": "Product <b>{name}</b> already exists; nothing was added.",
    "products.invalid.empty": (
        "That product name can't be used: it is empty. Write the name, or /cancel."
    ),
    "products.invalid.too_long": (
        "That product name can't be used: a name has at most {limit} characters. Write a "
        "shorter name, or /cancel."
    ),
    "products.invalid.at_sign": (
        "That product name can't be used: it must not contain <code>@</code>. Write another "
        "name, or /cancel."
    ),
    "products.invalid.no_letters": (
        "That product name can't be used: it needs at least one letter or digit. Write another "
        "name, or /cancel."
    ),
    "products.invalid.control": (
        "That product name can't be used: only letters, digits and ordinary punctuation are "
        "allowed. Write another name, or /cancel."
    ),
    "products.invalid.too_many": (
        "Your unit already has {most} service products, the most a unit can have; "
        "nothing was added. Ask your coordinator if one should be removed, or /cancel."
    ),
    "products.invalid.other": "This product name can't be used. Write another name, or /cancel.",
    "products.needed": (
        "Some items are asked per service product. First add your unit's service products "
        "(e.g. <i>KTP-el</i>)."
    ),
    "products.continue": "Type /check to continue the self-check.",
    "btn.add_product": "➕ Add product",
    "btn.start_check": "▶ Start the self-check",
    # Question ---------------------------------------------------------------------------
    "q.header": "<b>{n}/{total}</b> · {dimension}",
    "q.product": "Product: <b>{product}</b>",
    "q.question": "<b>{question}</b>",
    "q.help": "<i>{help}</i>",
    "q.evidence_hint": "📎 Evidence: {hint}",
    "q.current": "Current answer: <b>{answer}</b>",
    "q.current_na": "Current answer: <b>N/A</b> — {reason}",
    "q.unanswered": "Not answered yet.",
    "q.evidence_count": "Evidence files saved: {count}",
    "q.at_risk": "⏳ No evidence yet: this item's value is at risk.",
    "q.closed_note": "The cycle is closed; answers can only be viewed.",
    "q.note": "📝 Note: {note}",
    "q.answered_by": "<i>Answered by {name}, {at}</i>",
    "q.carried_by": (
        "<i>↺ Still valid, confirmed by {name}, {at}; the previous cycle's answer "
        "by {origin_name}, {origin_at}</i>"
    ),
    "btn.replace": "Replace: {answer}",
    "changed.answer": "⚠️ A colleague just changed this item; your answer was <b>not</b> saved.",
    "changed.na_reason": (
        "⚠️ A colleague just changed this item; <b>N/A</b> and its reason were "
        "<b>not</b> saved (the reason is kept for <i>Replace</i>)."
    ),
    "changed.note": (
        "⚠️ A colleague just changed this item; your note was <b>not</b> saved (it is kept for "
        "<i>Replace</i>)."
    ),
    "changed.note_na": (
        "⚠️ A colleague just changed this item to <b>N/A</b>; your note was <b>not</b> saved "
        "(a note does not replace the N/A reason): <i>{note}</i>\nIf your answer is the right "
        "one, answer again, then add the note."
    ),
    "changed.evidence": (
        "⚠️ A colleague just changed this item; your file was <b>not</b> saved. Check the "
        "answer, then send the file again if it is still evidence for this item."
    ),
    "changed.album": (
        "⚠️ A colleague just changed this item; <b>none</b> of the {files} in your album was "
        "saved. Check the answer, then send the album again if it is still evidence for this "
        "item."
    ),
    "changed.album_part": (
        "⚠️ A colleague changed this item while your album arrived; the {files} that came "
        "after it were <b>not</b> saved (those before were, see below). Check the answer, then "
        "send those files again if they are still evidence for this item."
    ),
    "changed.own.answer": (
        "⚠️ You changed this item a moment ago (another tap or another screen); this answer "
        "was <b>not</b> saved."
    ),
    "changed.own.na_reason": (
        "⚠️ You changed this item a moment ago (another tap or another screen); <b>N/A</b> and "
        "its reason were <b>not</b> saved (the reason is kept for <i>Replace</i>)."
    ),
    "changed.own.note": (
        "⚠️ You changed this item a moment ago (another tap or another screen); this note was "
        "<b>not</b> saved (it is kept for <i>Replace</i>)."
    ),
    "changed.own.note_na": (
        "⚠️ You changed this item to <b>N/A</b> a moment ago (another tap or another screen); "
        "this note was <b>not</b> saved (a note does not replace the N/A reason): <i>{note}</i>"
    ),
    "changed.own.evidence": (
        "⚠️ You changed this item a moment ago (another tap or another screen); this file was "
        "<b>not</b> saved. Check the answer, then send the file again if it is still evidence "
        "for this item."
    ),
    "changed.own.album": (
        "⚠️ You changed this item a moment ago (another tap or another screen); <b>none</b> of "
        "the {files} in this album was saved. Check the answer, then send the album again if it "
        "is still evidence for this item."
    ),
    "changed.own.album_part": (
        "⚠️ You changed this item while your album arrived; the {files} that came after it "
        "were <b>not</b> saved (those before were, see below). Check the answer, then send "
        "those files again if they are still evidence for this item."
    ),
    "changed.now": "Now: <b>{answer}</b> — by {name}, {at}.",
    "changed.none": "Now: not answered.",
    "btn.note": "📝 Note",
    "note.ask": (
        "📝 Write a note on the answer to item {at} in one message (at most {limit} "
        "characters), e.g. where the document is now, or /cancel.\n<i>{question}</i>"
    ),
    "note.saved": "📝 Note saved.",
    "note.empty": "A note can't be empty. Write the note, or /cancel.",
    "btn.carry": "↺ Still valid",
    "q.previous": "↺ Previous cycle: <b>{answer}</b> — by {name}, {at}",
    "q.previous_note": "   📝 {note}",
    "q.previous_files": "   📎 {files}",
    "q.previous_returned": (
        "   ↩ <b>Returned for a fix in that cycle:</b> {comment}\n"
        "   Fix it first if needed; do not press Still valid while the problem stands."
    ),
    "score.carried": (
        "↺ From the previous cycle: {carried} can be carried, {confirmed} confirmed "
        "(<i>Still valid</i>)."
    ),
    "btn.na": "N/A",
    "btn.back": "⬅ Back",
    "btn.skip": "Skip ➡",
    "btn.to_question": "↩ Back to the question",
    "btn.list": "List",
    "btn.gaps": "See the gaps",
    "btn.add_evidence": "📎 Add evidence",
    "btn.later": "Later",
    "btn.done": "Done",
    "btn.prev_page": "◀",
    "btn.next_page": "▶",
    "option.na": "N/A",
    # Callback answers (short, plain) ----------------------------------------------------
    "cb.saved": "Saved: {answer}",
    "cb.changed": "Not saved: a colleague just changed this item.",
    "cb.changed_own": "Not saved: you changed this item a moment ago.",
    "cb.na_standing": "Already saved: N/A, with your reason.",
    "cb.note_standing": "Already saved: your note.",
    "cb.stay.first": "This is the first item.",
    "cb.stay.only": "There is no other item.",
    "cb.invalid": "This button is not valid.",
    "cb.forbidden": "This button is not for you.",
    "cb.other_unit": (
        "This button belongs to another unit's self-check, not your unit's now. Type /check."
    ),
    "cb.stale_cycle": "This button is from an old cycle. Type /check for the current one.",
    "cb.item_gone": "This item is no longer on the list. Type /check.",
    "cb.closed": "The cycle is closed; answers can't change.",
    "cb.rejected": "Answer not accepted: {reason}",
    "cb.not_registered": "You are not registered. Ask your coordinator for an invite link.",
    "cb.deactivated": "Your account was deactivated. Ask your coordinator for a new invite.",
    # N/A --------------------------------------------------------------------------------
    "na.ask_reason": (
        "Why does this item <b>not apply</b> to your unit? Write the reason in one message "
        "(at most {limit} characters), or /cancel.\n<i>{question}</i>"
    ),
    "na.saved": "Saved: <b>N/A</b>.",
    "na.empty": "The reason can't be empty. Write the reason, or /cancel.",
    # Evidence ---------------------------------------------------------------------------
    "evidence.ask": (
        "Send evidence for this item: photos or documents (PDF, images, Word, Excel, "
        "PowerPoint); albums are fine. Files over {limit_mb} MB are recorded as references "
        "only.\n📎 {hint}\nPress the button below to go on without sending a file now."
    ),
    "evidence.more": "Send more files, or press <i>Done</i>.",
    "evidence.ask_short": (
        "📎 Send evidence for item {n}/{total} now (photos or documents; albums too): "
        "<i>{question}</i>\n📎 {hint}\nOr go on: answer the next item below."
    ),
    "evidence.ack": "📎 {files} for item {n}/{total}: <i>{question}</i>",
    "evidence.ack_duplicate": (
        "📎 That file is already kept; {files} for item {n}/{total}: <i>{question}</i>"
    ),
    "evidence.undone": "↩ {files} undone; {left} left for item {n}/{total}.",
    "btn.undo": "↩ Undo",
    "cb.undone": "Undone: {files}",
    "evidence.big": (
        "The file <b>{name}</b> is over {limit_mb} MB: it is recorded as a reference, and the "
        "evidence pack will list it without including it."
    ),
    "evidence.bad_type": (
        "The file type of <b>{name}</b> is not accepted. Send photos, PDFs, images, or "
        "Word/Excel/PowerPoint documents."
    ),
    "evidence.refused.bidi": (
        "<b>{name}</b> is not accepted: its name holds invisible characters that reverse the "
        "text direction and disguise its real type. Rename the file and send it again."
    ),
    "evidence.refused.double_extension": (
        "<b>{name}</b> is not accepted: its name holds a program extension (e.g. .exe). "
        "Send PDFs, images, or Word/Excel/PowerPoint documents."
    ),
    "evidence.refused.extension": (
        "The file type of <b>{name}</b> is not accepted. Send photos, PDFs, images, or "
        "Word/Excel/PowerPoint documents with a matching extension (.pdf, .jpg, .png, .docx, …)."
    ),
    "evidence.refused.content": (
        "<b>{name}</b> is not accepted: its content is not the type its name says. "
        "Send the original file (a PDF, an image, or a Word/Excel/PowerPoint document)."
    ),
    "evidence.refused.unreadable": (
        "<b>{name}</b> could not be checked yet (a network problem) and is not saved. "
        "Send it again in a moment."
    ),
    "evidence.text_instead.later": (
        "I'm waiting for evidence as photos or documents. Send the files, or press "
        "<i>Later</i> on the evidence message above to go on first, or /cancel."
    ),
    "evidence.text_instead.next": (
        "I'm waiting for evidence as photos or documents. Send the files, or answer the next "
        "question (below the evidence request) to go on first, or /cancel."
    ),
    "evidence.text_instead.done": (
        "I'm waiting for evidence as photos or documents. Send more files, or press "
        "<i>Done</i> on the evidence message above to go on, or /cancel."
    ),
    "evidence.unsupported_media": "Only photos and documents are accepted as evidence.",
    # List -------------------------------------------------------------------------------
    "list.title": "<b>Items</b> ({answered}/{total} answered) · page {page}/{pages}",
    "list.legend": "✅ answered · ❌ not yet · ⏳ partial or evidence missing",
    "list.dimension": "<b>{dimension}</b>",
    # Results ----------------------------------------------------------------------------
    "done.all": "🎉 Every item is answered. Here is your unit's provisional score.",
    "score.title": "Provisional score of <b>{unit}</b> · {rubric}",
    "score.total": "Total: <b>{total}</b>",
    "score.points": "{total} points",
    "score.points_index": "{total} points (index {index})",
    "score.category": "Category: <b>{category}</b>",
    "score.category_label": "{code} — {label}",
    "score.zone": "Zone: <b>{zone}</b>",
    "score.dimensions": "<b>Points per dimension</b>",
    "score.dimension": "• {dimension}: {points} / {weight}",
    "score.dimension_na": "• {dimension}: not applicable",
    "score.completion": "Completion: {answered}/{askable} items ({percent}%)",
    "score.at_risk": "⏳ {items} scored without evidence (at risk). See /gaps.",
    "score.condition_met": "✅ {label}: yes — {title}",
    "score.condition_not_met": "✖ {label}: not yet — {title}",
    "score.condition_unknown": "❔ {label}: not answered — {title}",
    "score.parts": "<b>Points per part</b>",
    "score.part": "• {part}: {points} / {weight}",
    "score.sub_dimension": "    ◦ {dimension}: {points} / {weight}",
    "score.sub_dimension_na": "    ◦ {dimension}: not applicable",
    "score.measure_missing": (
        "📊 {label}: {responses}/{needed} responses, {missing} more needed before it counts"
    ),
    "score.measure_counted": "📊 {label}: {responses} responses, counted",
    "gaps.measure_missing": (
        "   📊 From {label}: {missing} more needed ({responses}/{needed} responses)"
    ),
    "gaps.measure_counted": "   📊 From {label} ({responses} responses)",
    "score.more": "Type /gaps for the gaps and the path to the next category.",
    "zone.hijau": "🟢 green",
    "zone.kuning": "🟡 yellow",
    "zone.merah": "🔴 red",
    "gaps.title": "<b>Gaps — {unit}</b> ({items}) · page {page}/{pages}",
    "gaps.none": "No gaps: every item has full value and evidence. 🎉",
    "gaps.line": "{n}. {question}{product} — <b>+{points}</b> ({kind})",
    "gaps.line_product": " [{product}]",
    "gaps.hint": "   📎 {hint}",
    "gaps.note": "   📝 {note}",
    "gaps.kind.unanswered": "not answered",
    "gaps.kind.below_full": "not full",
    "gaps.kind.at_risk": "at risk: evidence missing",
    "gaps.points_gain": "+{points} points",
    "gaps.points_at_risk": "{points} points at risk: evidence missing",
    "gaps.path": ("<b>To category {code}</b>: fully answer {items} → {score}"),
    "gaps.path_item": "• {question}{product}",
    "gaps.path_top": "Your unit is already in the top category.",
    "gaps.path_out_of_reach": "Category {code} is out of reach with the remaining answers.",
    "gaps.path_survey": (
        "<b>To category {code}</b>: the officers' answers alone are not enough; the citizens' "
        "survey ({survey}) must add at least {points}."
    ),
    "gaps.path_survey_items": (
        "<b>To category {code}</b>: the officers' answers alone are not enough; the citizens' "
        "survey ({survey}) must add at least {points}, with {items} below fully answered:"
    ),
    # Counted nouns (`texts.count`): Indonesian nouns do not change in the plural.
    "n.file.one": "{n} file",
    "n.file.other": "{n} files",
    "n.item.one": "{n} item",
    "n.item.other": "{n} items",
    "n.answer.one": "{n} answer",
    "n.answer.other": "{n} answers",
    "n.archive.one": "{n} archive",
    "n.archive.other": "{n} archives",
    "n.unit.one": "{n} unit",
    "n.unit.other": "{n} units",
    "n.day.one": "{n} day",
    "n.day.other": "{n} days",
    "n.member.one": "{n} person",
    "n.member.other": "{n} people",
}
