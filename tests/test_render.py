"""Escaping, splitting to Telegram's limits, button labels, and the text catalogues."""

from __future__ import annotations

import importlib
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.texts.html import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Html,
    button_label,
    clip,
    esc,
    fit,
    split,
    utf16_len,
)

TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")
ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a", "tg-spoiler", "blockquote"}


def balanced(html: str) -> bool:
    stack: list[str] = []
    for closing, name in TAG.findall(html):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def visible(html: str) -> str:
    return TAG.sub("", html)


def test_escaping() -> None:
    assert esc('Dinas <Sosial> & "PMPTSP"') == 'Dinas &lt;Sosial&gt; &amp; "PMPTSP"'
    assert esc(Html("<b>x</b>")) == "<b>x</b>"
    assert esc(42) == "42"


def test_utf16_lengths_count_emoji_twice() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2
    assert utf16_len("🏛️") == 3


def test_clip_and_button_labels() -> None:
    assert clip("short", 10) == "short"
    clipped = clip("😀" * 100, 11)
    assert utf16_len(clipped) <= 11 and clipped.endswith("…")
    assert button_label("  two\nlines  ") == "two lines"
    assert utf16_len(button_label("x" * 300)) <= 48
    assert button_label("") == "…"


def test_a_long_text_is_split_at_line_boundaries() -> None:
    lines = [f"<b>{n}</b> " + esc("Dinas <Sosial> & co 😀 " * 3) for n in range(400)]
    pieces = split("\n".join(lines))
    assert len(pieces) > 1
    for piece in pieces:
        assert utf16_len(piece) <= MESSAGE_LIMIT
        assert balanced(piece)
        assert piece.startswith("<b>")  # every cut fell on a line boundary
    assert "\n".join(pieces) == "\n".join(lines)


def test_one_huge_line_is_cut_between_characters_keeping_tags_and_entities() -> None:
    text = "<i>" + esc('<script>alert("x")</script> & ' * 300) + "</i>"
    pieces = split(text, 1000)
    assert len(pieces) > 1
    for piece in pieces:
        assert utf16_len(piece) <= 1000
        assert balanced(piece)
        assert piece.startswith("<i>") and piece.endswith("</i>")
        assert not re.search(r"&[a-z]*$", visible(piece))  # no entity cut in half
    assert "".join(visible(p) for p in pieces) == visible(text)


def test_fit_keeps_one_message() -> None:
    text = "\n".join("baris " * 20 for _ in range(200))
    fitted = fit(text)
    assert utf16_len(fitted) <= MESSAGE_LIMIT and fitted.endswith("…")
    assert fit("kecil") == "kecil"
    assert utf16_len(fit(text, CAPTION_LIMIT)) <= CAPTION_LIMIT


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "b", "i", "code"]),
            st.text(alphabet=string.ascii_letters + " <>&\"'😀🏛️é\t", max_size=300),
        ),
        max_size=60,
    ),
    st.integers(min_value=80, max_value=600),
)
def test_split_property(parts: list[tuple[str, str]], limit: int) -> None:
    lines = [f"<{tag}>{esc(body)}</{tag}>" if tag else esc(body) for tag, body in parts]
    text = "\n".join(lines)
    pieces = split(text, limit)
    for piece in pieces:
        assert utf16_len(piece) <= limit
        assert balanced(piece)
        assert piece.strip()  # Telegram refuses a blank message: none is made
    # Every visible character, once and in order. A blank stretch cut off on its own goes
    # with its piece: a text of one space is no message at all.
    shown = "".join(visible(p) for p in pieces)
    assert "".join(shown.split()) == "".join(visible(text).split())


# The catalogues ---------------------------------------------------------------------------


def test_catalogues_have_the_same_keys_and_fields() -> None:
    indonesian, english = texts.catalogue("id"), texts.catalogue("en")
    assert indonesian.keys() == english.keys()
    for key in indonesian:
        assert texts.placeholders(key, "id") == texts.placeholders(key, "en"), key


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chat_text_renders_to_valid_telegram_html(lang: str) -> None:
    # The officer's catalogues; the coordinator's hold some plain (non-HTML) texts too.
    own = importlib.import_module(f"bot.texts.{lang}").TEXTS
    hostile = 'Dinas <Sosial> & "PMPTSP" 😀'
    for key in own:
        values = dict.fromkeys(texts.placeholders(key, lang), hostile)
        rendered = texts.render(key, lang, **values)
        assert balanced(rendered), key
        assert {name for _, name in TAG.findall(rendered)} <= ALLOWED_TAGS, key
        if values:
            assert "&lt;Sosial&gt; &amp;" in rendered, key
        assert utf16_len(rendered) < MESSAGE_LIMIT, key


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_text_names_commands_in_its_own_language(lang: str) -> None:
    """An English text says /export, never /unduh (the workbook's note on a history left out
    said "/unduh" to English readers); an Indonesian one never says /export."""
    from bot.texts.commands import COMMANDS

    other = {names[1 if lang == "id" else 0] for names, _ in COMMANDS if names[0] != names[1]}
    for key, template in texts.catalogue(lang).items():
        named = set(re.findall(r"(?<![\w/.:])/([a-z_]+)", template))
        assert not named & other, (key, sorted(named & other))


def test_one_response_to_go_reads_in_the_singular_in_english() -> None:
    """A unit one response short of the survey's minimum read "1 more responses needed" in
    /gaps, "Collect 1 more responses" in /survey and in the SKM item's suggestion."""
    shown = {
        "gaps.measure_missing": {"label": "Survey", "missing": 1, "responses": 29, "needed": 30},
        "survey.results.more": {"more": 1, "needed": 30},
        "survey.skm.below": {
            "level": "Level 1",
            "elements": 9,
            "responses": texts.count("response", 29, "en"),
            "needed": 30,
            "ikm": "80.00",
            "category": "B",
            "period": "2026-S1",
            "missing": 1,
        },
    }
    for key, values in shown.items():
        text = visible(texts.render(key, "en", **values))
        assert not re.search(r"\b1 (more )?responses\b", text), (key, text)


def test_plain_texts_are_not_escaped() -> None:
    assert texts.plain("cb.saved", "id", answer="<Ya>") == "Tersimpan: <Ya>"


def test_language_choice() -> None:
    assert texts.lang_of("en", "id") == "en"
    assert texts.lang_of("id", "en-US") == "id"
    assert texts.lang_of(None, "en-GB") == "en"
    assert texts.lang_of(None, "EN") == "en"
    assert texts.lang_of(None, "ms") == "id"
    assert texts.lang_of(None, None) == "id"


def test_missing_text_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no text"):
        texts.render("no.such.key", "id")
