"""The fake Bot API answers python-telegram-bot the way Telegram does."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebot import Document, FakeBotAPI, Photo, entities
from tests.fakebot.users import _TINY_PNG

PDF = b"%PDF-1.4\n% bukti pelayanan\n" + bytes(range(256)) * 4


@pytest.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(
        fake_api.token, base_url=fake_api.base_url, base_file_url=fake_api.file_url
    ) as raw:
        yield raw


# ---------------------------------------------------------------- polling


async def test_get_me_and_wrong_token(fake_api: FakeBotAPI, bot: Bot) -> None:
    assert bot.username == fake_api.bot_username
    assert bot.id == fake_api.bot_id
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{fake_api.base_url}42:wrong/getMe") as response,
    ):
        body = await response.json()
    assert response.status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_404(fake_api: FakeBotAPI, bot: Bot) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{fake_api.base_url}{fake_api.token}/fooBar") as response,
    ):
        body = await response.json()
    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_long_polling_delivers_in_order_and_offsets_confirm(
    fake_api: FakeBotAPI, bot: Bot
) -> None:
    sari = fake_api.user(1001, "Sari")
    for text in ("/start ABC", "satu", "dua"):
        await sari.send(text)
    updates = await bot.get_updates(timeout=1)
    assert [u.message.text for u in updates] == ["/start ABC", "satu", "dua"]
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)
    command = updates[0].message.entities[0]
    assert (command.type, command.offset, command.length) == ("bot_command", 0, 6)
    assert updates[0].message.from_user.language_code == "id"

    again = await bot.get_updates(timeout=0)  # not confirmed yet: delivered again
    assert [u.update_id for u in again] == [u.update_id for u in updates]
    confirmed = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert confirmed == ()
    assert fake_api.pending_updates == 0


async def test_long_poll_waits_for_an_update(fake_api: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    assert not poll.done()
    await fake_api.user(7, "Budi").send("halo")
    updates = await poll
    assert [u.message.text for u in updates] == ["halo"]


async def test_limit_and_allowed_updates(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    for i in range(5):
        await user.send(f"m{i}")
    first = await bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in first] == ["m0", "m1"]
    message = await user.send("tombol?")
    await user.press_data(message.message_id, "v1:x")
    only_queries = await bot.get_updates(
        offset=first[-1].update_id + 1, timeout=0, allowed_updates=["callback_query"]
    )
    assert [u.callback_query.data for u in only_queries] == ["v1:x"]


async def test_redeliver_sends_the_same_update_again(fake_api: FakeBotAPI, bot: Bot) -> None:
    await fake_api.user(7, "Budi").send("jawaban")
    (update,) = await bot.get_updates(timeout=1)
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    fake_api.redeliver(update.update_id)
    (duplicate,) = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert duplicate.update_id == update.update_id
    assert duplicate.message.message_id == update.message.message_id
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_a_second_poller_terminates_the_first(fake_api: FakeBotAPI, bot: Bot) -> None:
    from telegram.error import Conflict

    first = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    async with Bot(fake_api.token, base_url=fake_api.base_url) as second:
        await second.get_updates(timeout=0)
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


# ---------------------------------------------------------------- sending and validation


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
        ("skor < 50", 'Unsupported start tag "" at byte offset 5'),
        ("Dinas Sosial & PMPTSP", "Character '&' at byte offset 13"),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("x</b>", "Unexpected end tag"),
        ("<a href='x'>y", "Can't find end tag"),
    ],
)
async def test_html_errors_like_telegram(
    fake_api: FakeBotAPI, bot: Bot, text: str, error: str
) -> None:
    fake_api.user(7, "Budi")
    with pytest.raises(BadRequest, match="Can't parse entities") as caught:
        await bot.send_message(7, text, parse_mode=ParseMode.HTML)
    assert error.lower() in caught.value.message.lower()
    assert fake_api.sent_messages(7) == []


async def test_escaped_hostile_html_passes(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    name = 'Dinas <Sosial> & "PMPTSP" 😀'
    html_text = (
        f'<b>{html.escape(name)}</b> <i>n/N</i> <a href="https://t.me/x?a=1&amp;b=2">l</a>'
        ' <span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote>'
        ' <pre><code class="language-python">x = 1</code></pre> &#128512; &#x1F600;'
    )
    sent = await bot.send_message(7, html_text, parse_mode=ParseMode.HTML)
    assert sent.text.startswith(name)
    view = await user.wait_for()
    assert view.text == sent.text
    kinds = [e["type"] for e in view.entities]
    assert kinds == ["bold", "italic", "text_link", "spoiler", "expandable_blockquote", "pre"]
    assert view.entities[0]["length"] == len(name) + 1  # the emoji is two UTF-16 units
    assert view.entities[2]["url"] == "https://t.me/x?a=1&b=2"
    assert view.entities[5]["language"] == "python"


async def test_markdown_v2_reserved_character(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(7, "Skor 88.5", parse_mode=ParseMode.MARKDOWN_V2)
    assert caught.value.message == (
        "Can't parse entities: character '.' is reserved and must be escaped with the "
        "preceding '\\'"
    )
    ok = await bot.send_message(7, "*Skor* 88\\.5", parse_mode=ParseMode.MARKDOWN_V2)
    assert ok.text == "Skor 88.5"
    assert ok.entities[0].type == "bold"


# ---------------------------------------------------------------- TDLib, Telegram's own parser


async def _raw_send(fake_api: FakeBotAPI, **params: Any) -> dict[str, Any]:
    """sendMessage over plain HTTP: the JSON answer exactly as the server words it."""
    url = f"{fake_api.base_url}{fake_api.token}/sendMessage"
    async with aiohttp.ClientSession() as http, http.post(url, json=params) as response:
        body: dict[str, Any] = await response.json()
    assert response.status == body.get("error_code", 200)
    return body


@pytest.mark.parametrize(
    ("text", "parse_mode", "reason"),
    [
        ("<b>tebal", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<blink>x</blink>", "HTML", 'Unsupported start tag "blink" at byte offset 0'),
        ("skor < 50", "HTML", 'Unsupported start tag "" at byte offset 5'),
        ("<b>x</i>", "HTML", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<span>x</span>", "HTML", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("*tebal", "MarkdownV2", "Can't find end of Bold entity at byte offset 0"),
        (
            "nilai 1.5",
            "MarkdownV2",
            "Character '.' is reserved and must be escaped with the preceding '\\'",
        ),
        ("*tebal", "Markdown", "Can't find end of the entity starting at byte offset 0"),
    ],
)
async def test_tdlib_refuses_what_telegram_refuses(
    fake_api: FakeBotAPI, text: str, parse_mode: str, reason: str
) -> None:
    fake_api.user(7, "Budi")
    body = await _raw_send(fake_api, chat_id=7, text=text, parse_mode=parse_mode)
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {reason}",
    }
    assert fake_api.sent_messages(7) == []


async def test_unknown_parse_mode_is_refused_like_telegram(fake_api: FakeBotAPI) -> None:
    fake_api.user(7, "Budi")
    body = await _raw_send(fake_api, chat_id=7, text="x", parse_mode="BBCode")
    assert body["description"] == "Bad Request: unsupported parse_mode"


def test_tdlib_keeps_a_bare_ampersand_and_the_fake_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Telegram's parser shows a `&` that starts no entity as typed ...
    monkeypatch.setattr(entities, "strict_html_escaping", False)
    assert entities.parse("R&D &foo; &amp; &#38; &lt", "HTML") == ("R&D &foo; & & <", [])
    # ... the fake refuses it: the Bot API documentation requires `&amp;`, and a bot that
    # forgets it has forgotten to escape user text, which a `<` in that text breaks.
    monkeypatch.setattr(entities, "strict_html_escaping", True)
    with pytest.raises(entities.EntityParseError, match=r"Character '&' at byte offset 3 is not"):
        entities.parse("<b>&foo;</b>", "HTML")
    with pytest.raises(entities.EntityParseError, match="byte offset 6 "):  # bytes, not chars
        entities.parse("😀 R&D", "HTML")
    # A URL's own `&` inside a tag is the URL's business, as it is Telegram's.
    text, found = entities.parse('<a href="https://t.me/x?a=1&b=2">l</a>', "HTML")
    assert (text, found[0]["url"]) == ("l", "https://t.me/x?a=1&b=2")


def test_tdlib_accepts_nested_links_as_telegram_does() -> None:
    # Telegram's parser takes a link inside a link (the server sorts the overlap out when it
    # sends); the fake, being that parser, takes it too.
    text, found = entities.parse(
        '<a href="https://a.example/">a <a href="https://b.example/">b</a></a>', "HTML"
    )
    assert text == "a b"
    assert [(e["type"], e["offset"], e["length"], e["url"]) for e in found] == [
        ("text_link", 0, 3, "https://a.example/"),
        ("text_link", 2, 1, "https://b.example/"),
    ]


async def test_tdlib_accepts_what_telegram_accepts(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    sent = await bot.send_message(
        7,
        "<B>b</B><strong>s</strong><em>e</em><ins>i</ins><del>d</del><strike>k</strike>"
        '<tg-spoiler>t</tg-spoiler><code>c</code><a href="tg://user?id=42">m</a>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><blockquote>q</blockquote>'
        "&quot;&#x41;&#66;",
        parse_mode=ParseMode.HTML,
    )
    assert sent.text == 'bseidktcm👍q"AB'
    view = await user.wait_for()
    assert [e["type"] for e in view.entities] == [
        "bold",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "strikethrough",
        "spoiler",
        "code",
        "text_mention",
        "custom_emoji",
        "blockquote",
    ]
    assert view.entities[8]["user"]["id"] == 42
    assert view.entities[9] == {
        "type": "custom_emoji",
        "offset": 9,
        "length": 2,
        "custom_emoji_id": "5368324170671202286",
    }
    v2 = await bot.send_message(
        7, "*b _i_* __u__ ~s~ ||p|| `c` [l](https://t.me/x) \\\\\\.", parse_mode="MarkdownV2"
    )
    assert v2.text == "b i u s p c l \\."
    assert [e.type for e in v2.entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]
    legacy = await bot.send_message(
        7, "*b* _i_ `c` [l](https://t.me/x) 1.5!", parse_mode="Markdown"
    )
    assert legacy.text == "b i c l 1.5!"
    assert [e.type for e in legacy.entities] == ["bold", "italic", "code", "text_link"]


# Sent without a parse mode (a README line inside the evidence ZIP), so never parsed as HTML.
_PLAIN_ONLY = {"co.readme_layout"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_catalogue_text_passes_tdlib(lang: str) -> None:
    from bot import texts

    hostile = 'Dinas <Sosial> & "PMPTSP" 😀 *_[`'
    catalogue = texts.catalogue(lang)
    assert len(catalogue) > 100
    for key in catalogue.keys() - _PLAIN_ONLY:
        values = dict.fromkeys(texts.placeholders(key, lang), hostile)
        text, _ = entities.parse(texts.render(key, lang, **values), "HTML")  # raises if refused
        if values:
            assert hostile in text, key


async def test_text_limits_count_utf16_after_parsing(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    await bot.send_message(7, "😀" * 2048)  # 4096 UTF-16 units
    await bot.send_message(7, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(7, "&lt;" * 4096, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(7, "😀" * 2048 + "a")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(7, "<b> </b>", parse_mode=ParseMode.HTML)
    await bot.send_photo(7, _TINY_PNG, caption="😀" * 512)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(7, _TINY_PNG, caption="😀" * 512 + "a")
    assert len(fake_api.sent_messages(7)) == 4


async def test_callback_data_limit_is_64_bytes(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data=data)]])

    await bot.send_message(7, "ok", reply_markup=keyboard("x" * 64))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(7, "too long", reply_markup=keyboard("x" * 65))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(7, "utf-8", reply_markup=keyboard("é" * 33))  # 66 bytes
    with pytest.raises(BadRequest, match="text buttons are unallowed"):
        await bot.send_message(7, "x", reply_markup={"inline_keyboard": [[{"text": "a"}]]})


async def test_edits_are_validated_and_recorded(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="v1:a")]])
    sent = await bot.send_message(7, "<b>1/10</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>1/10</b>", 7, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    await bot.edit_message_text(
        "<b>2/10</b>", 7, sent.message_id, parse_mode="HTML", reply_markup=markup
    )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 7, sent.message_id + 50)
    await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=None)

    first = await user.wait_for()
    edit = await user.wait_for()
    no_buttons = await user.wait_for()
    assert (first.kind, first.text, first.version) == ("message", "1/10", 0)
    assert (edit.kind, edit.text, edit.version) == ("edit", "2/10", 1)
    assert edit.buttons == [[("Ya", "v1:a")]]
    assert no_buttons.buttons == []
    assert [h["text"] for h in user.history(sent.message_id)] == ["1/10", "2/10"]

    assert await bot.delete_message(7, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(7, sent.message_id)
    assert user.messages == []


async def test_message_ids_are_per_chat(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    fake_api.user(8, "Ani")
    a1 = await bot.send_message(7, "a")
    b1 = await bot.send_message(8, "b")
    await fake_api.user(7).send("dari budi")
    a2 = await bot.send_message(7, "c")
    assert (a1.message_id, b1.message_id, a2.message_id) == (1, 1, 3)


async def test_unknown_and_blocked_chats(fake_api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "halo")
    fake_api.user(5, "Belum", started=False)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(5, "halo")
    fake_api.user(7, "Budi").block()
    with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(7, "halo")


# ---------------------------------------------------------------- callback queries


async def test_callback_query_answers(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ya", callback_data="v1:a:1"),
                InlineKeyboardButton("Situs", url="https://example.org"),
            ]
        ]
    )
    sent = await bot.send_message(7, "Pertanyaan", reply_markup=markup)
    view = await user.wait_for()
    with pytest.raises(LookupError, match="Tidak"):
        await user.press(view, "Tidak")
    with pytest.raises(LookupError):
        await user.press(view, "Situs")
    press = await user.press(view, "Ya")
    (update,) = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert (query.id, query.data) == (press.query_id, "v1:a:1")
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup == markup
    await bot.answer_callback_query(query.id, text="Tersimpan")
    assert (await user.wait_answer(press)).text == "Tersimpan"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)


async def test_stale_callback_query(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.callback_timeout = 0.01
    user = fake_api.user(7, "Budi")
    sent = await bot.send_message(7, "x")
    press = await user.press_data(sent.message_id, "v1:forged")
    await asyncio.sleep(0.05)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(press.query_id)
    assert press.answer is None


async def test_press_on_a_deleted_message_is_inaccessible(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    await user.press_data(42, "v1:ghost")
    (update,) = await bot.get_updates(timeout=1)
    assert update.callback_query.message.date == dtm.datetime.fromtimestamp(0, dtm.UTC)
    assert not update.callback_query.message.is_accessible


# ---------------------------------------------------------------- flood control


async def test_injected_429_raises_retry_after(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    fake_api.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(7, "halo")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(7, "halo")  # only the next call failed
    assert [r.status for r in fake_api.requests_for("sendMessage")] == [429, 200]


async def test_enforced_rate_answers_429_beyond_it(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    fake_api.enforce_rate(global_per_second=0.001, burst=1)
    await bot.send_message(7, "satu")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(7, "dua")
    assert caught.value.retry_after >= dtm.timedelta(seconds=900)
    assert fake_api.rate_limited == 1
    await bot.send_chat_action(7, "typing")  # not a rated method
    fake_api.clear_rate()
    await bot.send_message(7, "tiga")


# ---------------------------------------------------------------- files


async def test_photo_and_document_uploads(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    await bot.send_photo(7, _TINY_PNG, caption="<b>Grafik</b>", parse_mode="HTML")
    await bot.send_document(7, PDF, filename="laporan.xlsx", caption="Unduh")
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(7, b"not an image")
    photo = await user.wait_for()
    document = await user.wait_for()
    assert photo.text == "Grafik" and photo.media[0].data == _TINY_PNG
    assert photo.media[0].kind == "photo"
    assert (document.media[0].file_name, document.media[0].data) == ("laporan.xlsx", PDF)
    upload = fake_api.requests_for("sendDocument")[0]
    assert upload.files["document"][0] == "laporan.xlsx"


async def test_media_group(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    sent = await bot.send_media_group(
        7, [InputMediaPhoto(_TINY_PNG, caption="a"), InputMediaPhoto(_TINY_PNG)]
    )
    assert len(sent) == 2
    assert sent[0].media_group_id == sent[1].media_group_id is not None
    views = user.messages
    assert [v.text for v in views] == ["a", ""]
    assert all(v.media[0].data == _TINY_PNG for v in views)


async def test_user_files_can_be_downloaded(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    await user.send_document(PDF, "bukti.pdf", "application/pdf", caption="SOP")
    await user.send_photo(_TINY_PNG)
    await user.send_document(None, "video.mp4", "video/mp4", size=25 * 1024 * 1024)
    doc_update, photo_update, huge_update = await bot.get_updates(timeout=1)

    document = doc_update.message.document
    assert (document.file_name, document.file_size, doc_update.message.caption) == (
        "bukti.pdf",
        len(PDF),
        "SOP",
    )
    file = await document.get_file()
    assert bytes(await file.download_as_bytearray()) == PDF
    photo = await photo_update.message.photo[-1].get_file()
    assert bytes(await photo.download_as_bytearray()) == _TINY_PNG
    assert huge_update.message.document.file_size == 25 * 1024 * 1024
    with pytest.raises(BadRequest, match="File is too big"):
        await huge_update.message.document.get_file()


async def test_albums_share_a_media_group(fake_api: FakeBotAPI, bot: Bot) -> None:
    user = fake_api.user(7, "Budi")
    await user.send_album([Photo(_TINY_PNG, caption="bukti"), _TINY_PNG, Document(PDF)])
    updates = await bot.get_updates(timeout=1)
    assert len(updates) == 3
    assert len({u.message.media_group_id for u in updates}) == 1
    assert updates[0].message.caption == "bukti"
    assert updates[2].message.document.file_name == "document.pdf"


# ---------------------------------------------------------------- commands, webhook, control


async def test_commands_are_recorded_per_scope_and_language(fake_api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("periksa", "Mulai periksa")])
    await bot.set_my_commands([BotCommand("check", "Start the check")], language_code="en")
    await bot.set_my_commands([BotCommand("ringkasan", "Ringkasan")], scope=BotCommandScopeChat(7))
    assert fake_api.commands_for() == [{"command": "periksa", "description": "Mulai periksa"}]
    assert fake_api.commands_for(language_code="en")[0]["command"] == "check"
    assert fake_api.commands_for({"type": "chat", "chat_id": 7})[0]["command"] == "ringkasan"
    english = await bot.get_my_commands(language_code="en")
    assert [c.command for c in english] == ["check"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Periksa", "x")])
    await bot.delete_my_commands(language_code="en")
    assert fake_api.commands_for(language_code="en") is None


async def test_control_routes_drive_a_chat(fake_api: FakeBotAPI, bot: Bot) -> None:
    async with aiohttp.ClientSession(fake_api.url) as http:
        await http.post("/_control/users", json={"users": [{"id": 55, "first_name": "Load"}]})
        async with http.post("/_control/user_message", json={"user_id": 55, "text": "/start"}):
            pass
        (update,) = await bot.get_updates(timeout=1)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="v1:y")]])
        sent = await bot.send_message(55, "Q", reply_markup=markup)
        async with http.get("/_control/wait", params={"chat_id": 55, "after": 0}) as response:
            events = (await response.json())["events"]
        assert events[0]["buttons"] == [[["Ya", "v1:y"]]]
        body = {"user_id": 55, "message_id": sent.message_id, "button": "Ya"}
        async with http.post("/_control/press", json=body) as response:
            press = await response.json()
        async with http.get("/_control/stats") as response:
            stats = await response.json()
    (query_update,) = await bot.get_updates(offset=update.update_id + 1, timeout=1)
    assert query_update.callback_query.id == press["query_id"]
    assert update.message.text == "/start"
    assert stats["bot_messages_per_chat"]["55"] == 1


async def test_standalone_process(tmp_path: Any) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fakebot", "--port", "0", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        base_url = line.split()[4]
        async with Bot(
            "123456789:AAFakeTokenForSiapNilaiTests-0123456789", base_url=base_url
        ) as bot:
            assert bot.username == "siapnilai_test_bot"
    finally:
        process.terminate()
        await process.wait()


# ---------------------------------------------------------------- a real Application


def _echo_application(settings: Any, *, clock: Any = None) -> Application:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        text = update.effective_message.text or ""
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Lagi", callback_data="again")]])
        await update.effective_message.reply_html(
            f"<b>{html.escape(text)}</b> #{update.update_id}", reply_markup=markup
        )

    async def again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer("ok")
        await query.edit_message_text(f"{query.message.text} +", reply_markup=None)

    app = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(again, pattern="^again$"))
    return app


@pytest.fixture
def echo_settings(tmp_path: Any, fake_api: FakeBotAPI) -> Any:
    from types import SimpleNamespace

    from pydantic import SecretStr

    return SimpleNamespace(
        bot_token=SecretStr(fake_api.token),
        api_base_url=fake_api.base_url,
        api_file_url=fake_api.file_url,
    )


async def test_echo_application_end_to_end(
    fake_api: FakeBotAPI, running_bot: Any, echo_settings: Any
) -> None:
    sari = fake_api.user(1001, "Sari")
    runner = running_bot(echo_settings, build=_echo_application)
    async with runner:
        sent = await sari.send('Dinas <Sosial> & "PMPTSP"')
        reply = await sari.wait_for()
        assert reply.text.startswith('Dinas <Sosial> & "PMPTSP" #')
        assert reply.entities[0]["type"] == "bold"
        assert reply.message_id == sent.message_id + 1
        press = await sari.press(reply, "Lagi")
        assert (await sari.wait_answer(press)).text == "ok"
        edited = await sari.wait_for()
        assert (edited.kind, edited.message_id) == ("edit", reply.message_id)
        assert edited.text.endswith(" +") and edited.buttons == []

        await runner.restart()
        await sari.send("setelah restart")
        assert (await sari.wait_text("setelah restart")).kind == "message"

        update_id = int(reply.text.rsplit("#", 1)[1])
        fake_api.redeliver(update_id)
        duplicate = await sari.wait_for()
        assert duplicate.text.endswith(f"#{update_id}")
        await sari.wait_idle()
        await fake_api.wait_idle()
        assert fake_api.pending_updates == 0 and sari.pending_updates == 0
    assert runner.starts == 2
    assert not runner.running
    assert len(fake_api.requests_for("getMe")) == 2


async def test_blocking_can_notify_the_bot(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(7, "Budi")
    fake_api.block(7, notify=True)
    (update,) = await bot.get_updates(timeout=1)
    member = update.my_chat_member
    assert member is not None
    assert (member.chat.id, member.new_chat_member.status) == (7, "kicked")


def test_tmp_settings_point_at_the_fake_server(fake_api: FakeBotAPI, tmp_settings: Any) -> None:
    assert tmp_settings.bot_token.get_secret_value() == fake_api.token
    assert tmp_settings.api_base_url == fake_api.base_url
    assert tmp_settings.api_file_url == fake_api.file_url
    assert tmp_settings.database.parent.is_dir()
    assert not tmp_settings.database.exists()


async def test_webhook_delivery(fake_api: FakeBotAPI, echo_settings: Any) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = _echo_application(echo_settings)
    sari = fake_api.user(1001, "Sari")
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="hook",
        webhook_url=f"http://127.0.0.1:{port}/hook",
        secret_token="rahasia",
    )
    await app.start()
    try:
        assert fake_api.webhook == {
            "url": f"http://127.0.0.1:{port}/hook",
            "secret_token": "rahasia",
        }
        await sari.send("lewat webhook")
        reply = await sari.wait_for()
        assert reply.text.startswith("lewat webhook #")
        assert fake_api.pending_updates == 0
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
