"""/skor and /kekurangan: the provisional score, the ranked gaps and the path up."""

from __future__ import annotations

import math

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

import rubric
from bot import texts
from bot.refused import Refused
from bot.reports.labels import category_label
from bot.selfcheck import NoCycle, Results
from bot.services import BotContext
from bot.store import ScoreReport
from bot.texts.html import Html, clip, clip_words
from conversations import callbacks as cb
from conversations import command, keyboards
from conversations.auth import Caller, Pressed, officer_press, refuse_press, roles
from conversations.render import answer, edit_or_send, send_text

GAPS_PAGE_SIZE = 8
PATH_SHOWN = 10
QUESTION_SHOWN = 90
HINT_SHOWN = 120


def score_text(report: ScoreReport, unit_name: str, lang: str) -> Html:
    """Total first ("X poin (indeks Y)" for index rubrics, spelled by `texts.score` like the
    reminder, the digest and the CLI), category, zone, dimensions, completion."""
    score, the_rubric = report.score, report.rubric
    total = texts.score(score.total, score.index, lang)
    lines: list[str] = [texts.render("score.total", lang, total=total)]
    lines.append(texts.render("score.category", lang, category=category_label(score, lang)))
    if score.condition is not None:
        state = {True: "met", False: "not_met", None: "unknown"}[score.condition.met]
        # The label is written to follow the category ("Highest quality without
        # maladministration"); here it heads its line.
        label = score.condition.label.get(lang)
        lines.append(
            texts.render(
                f"score.condition_{state}",
                lang,
                label=label[:1].upper() + label[1:],
                title=score.condition.title.get(lang),
            )
        )
    if score.zone is not None:
        lines.append(texts.render("score.zone", lang, zone=texts.plain(f"zone.{score.zone}", lang)))
    if report.verified is not None:
        lines.append(verified_line(report, lang))
    lines.append(
        texts.render("score.title", lang, unit=unit_name, rubric=the_rubric.title.get(lang))
    )
    lines.append("")
    lines += points_lines(score, the_rubric, lang)
    for measure in score.measures:
        lines.append(
            texts.render(
                "score.measure_counted" if measure.counted else "score.measure_missing",
                lang,
                label=measure.label.get(lang),
                responses=measure.responses or 0,
                needed=measure.min_responses,
                missing=measure.responses_missing,
            )
        )
    lines.append("")
    percent = score.percent
    lines.append(
        texts.render(
            "score.completion",
            lang,
            answered=score.answered,
            askable=score.askable,
            percent=percent,
        )
    )
    if score.at_risk:
        lines.append(
            texts.render("score.at_risk", lang, items=texts.count("item", len(score.at_risk), lang))
        )
    lines.append(texts.render("score.more", lang))
    return Html("\n".join(lines))


def points_lines(score: rubric.Score, the_rubric: rubric.Rubric, lang: str) -> list[Html]:
    """The points per dimension; for a rubric reported in parts (the Opini's four dimensions,
    70 points, and public trust, 30) the parts, each dimension under its part, so that the
    lines add up to the total once."""
    titles = {d.id: d.title.get(lang) for d in the_rubric.dimensions}
    by_id = {d.id: d for d in score.dimensions}
    if not score.parts:
        dimensions = [d for d in score.dimensions if d.weight > 0]  # 0: information only
        heading = texts.render("score.dimensions", lang)
        return [heading, *(_dimension_line(d, titles, "", lang) for d in dimensions)]
    lines = [texts.render("score.parts", lang)]
    for part, spec in zip(score.parts, the_rubric.parts, strict=True):
        points, weight = texts.points(part.points), texts.points(part.weight)
        title = part.title.get(lang)
        lines.append(texts.render("score.part", lang, part=title, points=points, weight=weight))
        if len(spec.dimensions) > 1:
            lines += (_dimension_line(by_id[d], titles, "sub_", lang) for d in spec.dimensions)
    return lines


def _dimension_line(
    dim: rubric.DimensionScore, titles: dict[str, str], kind: str, lang: str
) -> Html:
    title = titles.get(dim.id, dim.id)
    if not dim.applicable:
        return texts.render(f"score.{kind}dimension_na", lang, dimension=title)
    points, weight = texts.points(dim.points), texts.points(dim.weight)
    key = f"score.{kind}dimension"
    return texts.render(key, lang, dimension=title, points=points, weight=weight)


def verified_line(report: ScoreReport, lang: str) -> Html:
    """`Terverifikasi: X`: the score counting evidence items only once a reviewer accepted
    them, spelled like the claimed total (with the index for index rubrics)."""
    verified = report.verified
    assert verified is not None
    shown = texts.score(verified.total, verified.index, lang)
    return texts.render("score.verified", lang, verified=shown)


def review_lines(report: ScoreReport, lang: str) -> list[str]:
    """Items a reviewer returned (with the comment), then answers not verified yet, most
    points at stake first."""
    the_rubric, lines = report.rubric, []
    if report.returned:
        lines += ["", texts.render("gaps.returned_title", lang)]
        for key, comment in report.returned.items():
            item_id, _, product = key.partition("@")
            lines.append(texts.render("gaps.returned_line", lang,
                                      question=_question(the_rubric, item_id, lang),
                                      product=Html(_product_suffix(product or None, lang)),
                                      comment=clip(comment, 300)))  # fmt: skip
    if report.unverified:
        lines += ["", texts.render("gaps.unverified_title", lang)]
        for pending in report.unverified[:PATH_SHOWN]:
            lines.append(texts.render("gaps.unverified_line", lang,
                                      question=_question(the_rubric, pending.item_id, lang),
                                      product=Html(_product_suffix(pending.product, lang)),
                                      points=texts.points(pending.points)))  # fmt: skip
        if len(report.unverified) > PATH_SHOWN:
            lines.append(f"… +{len(report.unverified) - PATH_SHOWN}")
    return lines


def _question(the_rubric: rubric.Rubric, item_id: str, lang: str) -> str:
    item = the_rubric.item(item_id)
    return clip_words(item.question.get(lang), QUESTION_SHOWN) if item else item_id


def _product_suffix(product: str | None, lang: str) -> str:
    return "" if not product else texts.render("gaps.line_product", lang, product=clip(product, 40))


def gaps_pages(report: ScoreReport) -> int:
    return max(1, math.ceil(len(report.gaps) / GAPS_PAGE_SIZE))


def gaps_view(results: Results, page: int, lang: str) -> tuple[Html, InlineKeyboardMarkup | None]:
    report, selfcheck, unit_name = results.report, results.selfcheck, results.unit_name
    the_rubric = report.rubric
    pages = gaps_pages(report)
    page = min(max(page, 1), pages)
    lines: list[str] = []
    entries: list[tuple[str, str]] = []
    if not report.gaps:
        lines.append(texts.render("gaps.none", lang))
    else:
        lines.append(
            texts.render(
                "gaps.title",
                lang,
                unit=unit_name,
                items=texts.count("item", len(report.gaps), lang),
                page=page,
                pages=pages,
            )
        )
        first = (page - 1) * GAPS_PAGE_SIZE
        for n, gap in enumerate(report.gaps[first : first + GAPS_PAGE_SIZE], start=first + 1):
            question = _question(the_rubric, gap.item_id, lang)
            lines.append("")
            lines.append(
                texts.render(
                    "gaps.line",
                    lang,
                    n=n,
                    question=question,
                    product=Html(_product_suffix(gap.product, lang)),
                    points=texts.points(gap.points),
                    kind=texts.plain(f"gaps.kind.{gap.kind}", lang),
                )
            )
            item = the_rubric.item(gap.item_id)
            measure = the_rubric.measure(gap.measure) if gap.measure else None
            if measure is not None:
                lines.append(
                    texts.render(
                        "gaps.measure_missing" if gap.responses_missing else "gaps.measure_counted",
                        lang,
                        label=measure.label.get(lang),
                        missing=gap.responses_missing,
                        responses=gap.responses or 0,
                        needed=measure.min_responses,
                    )
                )
            if item is not None:
                hint = clip(item.evidence_hint.shown(lang), HINT_SHOWN)
                lines.append(texts.render("gaps.hint", lang, hint=hint))
            note = results.notes.get(gap.key)
            if note:
                lines.append(texts.render("gaps.note", lang, note=clip(note, HINT_SHOWN)))
            if measure is not None:
                continue  # not answered in the chat: no button to open it
            label = f"{n}. {question}"
            if gap.product:
                label = f"{n}. [{clip(gap.product, 20)}] {question}"
            entries.append((label, gap.key))
    if page == 1:
        lines += review_lines(report, lang)
    lines.append("")
    # Past the answering grace there is no way up any more: say so instead of a path.
    closed = not selfcheck.accepting
    lines.append(texts.render("q.closed_note", lang) if closed else path_text(report, lang))
    markup = keyboards.gap_list(selfcheck.id, entries, page, pages, lang) if report.gaps else None
    return Html("\n".join(lines)), markup


def path_text(report: ScoreReport, lang: str) -> Html:
    nxt = report.next_category
    if nxt is None:
        return texts.render("gaps.path_top", lang)
    if not nxt.reachable:
        return texts.render("gaps.path_out_of_reach", lang, code=nxt.code)
    if nxt.survey:
        return _survey_path_text(report, nxt, lang)
    total_after = nxt.total_after if nxt.total_after is not None else 0.0
    # Spelled as /skor spells a score: points, and for PEKPPP the index beside them (the
    # index alone, labelled "total", read as a score of 1.13 points).
    index = report.rubric.to_display(total_after) if report.rubric.display == "index" else None
    score = texts.score(total_after, index, lang)
    items = texts.count("item", len(nxt.keys), lang)
    lines: list[str] = [texts.render("gaps.path", lang, code=nxt.code, items=items, score=score)]
    lines += _path_items(report, nxt, lang)
    return Html("\n".join(lines))


def _survey_path_text(report: ScoreReport, nxt: rubric.NextCategory, lang: str) -> Html:
    """The way up that the officers' answers alone cannot give: what the survey must add
    (its items are not answered in the chat), and the fewest answers on top of it."""
    labels = []
    for key in nxt.survey:
        item = report.rubric.item(key.partition("@")[0])
        measure = report.rubric.measure(item.measure) if item and item.measure else None
        label = measure.label.get(lang) if measure else key
        if label not in labels:
            labels.append(label)
    points = texts.score(nxt.survey_points, None, lang)
    values = {"code": nxt.code, "survey": ", ".join(labels), "points": points}
    if not nxt.keys:
        return texts.render("gaps.path_survey", lang, **values)
    items = texts.count("item", len(nxt.keys), lang)
    lines: list[str] = [texts.render("gaps.path_survey_items", lang, items=items, **values)]
    lines += _path_items(report, nxt, lang)
    return Html("\n".join(lines))


def _path_items(report: ScoreReport, nxt: rubric.NextCategory, lang: str) -> list[str]:
    """The path's answer keys as lines (at most PATH_SHOWN, then how many more)."""
    lines: list[str] = []
    for key in nxt.keys[:PATH_SHOWN]:
        item_id, _, product = key.partition("@")
        lines.append(
            texts.render(
                "gaps.path_item",
                lang,
                question=_question(report.rubric, item_id, lang),
                product=Html(_product_suffix(product or None, lang)),
            )
        )
    if len(nxt.keys) > PATH_SHOWN:
        lines.append(f"… +{len(nxt.keys) - PATH_SHOWN}")
    return lines


@roles("officer")
async def on_score(update: Update, context: BotContext, who: Caller) -> None:
    """/skor: the provisional score of the unit's current self-check."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.results(who.person)
    if isinstance(outcome, NoCycle):
        text = texts.render("cycle.none", who.lang)
    else:
        text = Html(
            score_text(outcome.report, outcome.unit_name, who.lang)
            + carried_text(outcome, who.lang)
            + (
                ""
                if outcome.selfcheck.accepting
                else "\n\n" + texts.render("q.closed_note", who.lang)
            )
        )
    await send_text(context.bot, update.effective_chat.id, text)


def carried_text(results: Results, lang: str) -> str:
    """How many answers the previous cycle offers and how many were kept (`Masih berlaku`)."""
    if not results.offered:
        return ""
    carried = texts.count("item", results.offered, lang)
    return "\n\n" + texts.render("score.carried", lang, carried=carried, confirmed=results.carried)


@roles("officer")
async def on_gaps(update: Update, context: BotContext, who: Caller) -> None:
    """/kekurangan: the ranked gaps, each with a button that opens the item."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.results(who.person)
    if isinstance(outcome, NoCycle):
        text, markup = texts.render("cycle.none", who.lang), None
    else:
        text, markup = gaps_view(outcome, 1, who.lang)
    await send_text(context.bot, update.effective_chat.id, text, markup)


@officer_press(cb.GapsPage)
async def on_gaps_page(update: Update, context: BotContext, pressed: Pressed[cb.GapsPage]) -> None:
    """A page of the ranked gaps."""
    outcome = await context.services.selfchecks.gaps(pressed.press)
    if isinstance(outcome, Refused):
        await refuse_press(pressed, outcome)
        return
    await answer(pressed.query)
    text, markup = gaps_view(outcome, pressed.data.page, pressed.who.lang)
    await edit_or_send(context.bot, pressed.chat_id, pressed.press.message_id, text, markup)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("skor"), on_score),
        CommandHandler(command("kekurangan"), on_gaps),
        on_gaps_page,
    ]
