"""The Bot API client over aiohttp (bot/bothttp.py): what PTB's own client does, through the
fake Bot API over real HTTP: parameters, files, PTB's errors for timeouts and a dead server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import ExtBot

from bot.bothttp import UPLOAD_RATE, AiohttpRequest, client_timeout
from bot.delivery_faults import classify
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import bot_for


@pytest.fixture
async def aio_bot(fake_api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    clients = {
        "request": AiohttpRequest(2, read_timeout=0.5),
        "get_updates_request": AiohttpRequest(1),
    }
    async with bot_for(fake_api, **clients) as the_bot:
        yield the_bot


async def test_messages_files_and_errors_go_as_with_ptbs_own_client(
    fake_api: FakeBotAPI, aio_bot: ExtBot[Any]
) -> None:
    fake_api.user(601)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya ✅", callback_data="a:1")]])
    sent = await aio_bot.send_message(601, "<b>Tebal</b> &amp; biasa", reply_markup=keyboard)
    assert sent.text == "Tebal & biasa" and sent.entities[0].type == "bold"
    assert sent.reply_markup == keyboard
    asked = fake_api.requests_for("sendMessage")[-1]
    assert asked.content_type == "application/json"  # the C encoder, not a Python form
    assert asked.params["chat_id"] == 601 and asked.params["reply_markup"] == keyboard.to_dict()
    document = await aio_bot.send_document(
        601, InputFile(b"a,b\n1,2\n", filename="skor.csv"), caption="<i>Ringkasan</i>"
    )
    assert document.document is not None and document.document.file_name == "skor.csv"
    upload = fake_api.requests_for("sendDocument")[-1]
    assert upload.files["document"][0] == "skor.csv"
    assert upload.content_type == "multipart/form-data"
    assert upload.params["caption"] == "<i>Ringkasan</i>"
    file = await aio_bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"a,b\n1,2\n"
    with pytest.raises(BadRequest, match="Chat not found"):
        await aio_bot.send_message(999_999, "siapa?")
    assert len(fake_api.client_ports) <= 2


async def test_a_silent_server_is_a_timeout(fake_api: FakeBotAPI, aio_bot: ExtBot[Any]) -> None:
    fake_api.user(602)
    fake_api.hold("sendMessage")
    try:
        with pytest.raises(TimedOut):
            await aio_bot.send_message(602, "halo")  # read_timeout 0.5 s
    finally:
        fake_api.release("sendMessage")


async def test_no_server_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    request = AiohttpRequest(1)
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"http://127.0.0.1:{port}/botX/getMe")
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/botX/getMe")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await request.shutdown()


def test_a_request_is_capped_as_a_whole_an_upload_by_its_size_a_download_per_read() -> None:
    seconds: dict[str, float | None] = {"read": 5.0, "write": 5.0, "connect": 5.0, "pool": 30.0}
    small = client_timeout(seconds)
    assert (small.total, small.connect, small.sock_connect, small.sock_read) == (45, 35, 5, 5)
    upload = client_timeout(seconds, upload=10 * UPLOAD_RATE)  # 20 s + 10 s for its bytes
    assert (upload.total, upload.connect, upload.sock_read) == (70, 35, 5)
    download = client_timeout(seconds, read_only=True)
    assert (download.total, download.sock_read) == (None, 5)
    unbounded = client_timeout({**seconds, "read": None})
    assert (unbounded.total, unbounded.sock_read) == (None, None)


async def test_each_request_gets_the_cap_of_its_kind(
    fake_api: FakeBotAPI, aio_bot: ExtBot[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """do_request tells the three kinds apart: a small request (no files), an upload (its
    bytes counted, from a file handle too: where it stands to its end) and a download (a
    GET: bounded per read only)."""
    seen: list[tuple[int | None, bool]] = []

    def spy(seconds: dict[str, float | None], **kind: Any) -> Any:
        seen.append((kind.get("upload"), kind.get("read_only", False)))
        return client_timeout(seconds, **kind)

    monkeypatch.setattr("bot.bothttp.client_timeout", spy)
    fake_api.user(602)
    await aio_bot.send_message(602, "kecil")
    assert seen[-1] == (None, False)
    sent = await aio_bot.send_document(602, InputFile(b"x" * 3000, filename="a.pdf"))
    assert seen[-1] == (3000, False)
    path = tmp_path / "b.pdf"
    path.write_bytes(b"y" * 5000)
    with path.open("rb") as handle:
        handle.read(1000)  # a handle PTB does not read first is sent from where it stands
        await aio_bot.send_document(
            602, InputFile(handle, filename="b.pdf", read_file_handle=False)
        )
    assert seen[-1] == (4000, False)
    assert fake_api.requests_for("sendDocument")[-1].files["document"][2] == 4000
    assert sent.document is not None
    file = await aio_bot.get_file(sent.document.file_id)
    assert seen[-1] == (None, False)  # getFile is a small POST
    assert bytes(await file.download_as_bytearray()) == b"x" * 3000
    assert seen[-1] == (None, True)  # the file itself: a GET


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never came to pass")


async def test_what_failed_says_whether_a_message_may_have_arrived(fake_api: FakeBotAPI) -> None:
    """Each way a send fails on this client, as the reminders classify it (at most once):
    no connection made, or none of the pool came free, is "transient" (never sent, safe
    to retry); no answer, or the connection cut with the call carried out, is "unconfirmed"
    (it may have arrived: never resent). The pool's wait was "unconfirmed" before: aiohttp's
    ConnectionTimeoutError was not known, and a busy Monday lost its reminders for the day."""
    fake_api.user(603)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clients = {
        "request": AiohttpRequest(1, read_timeout=1.5, connect_timeout=0.1, pool_timeout=0.2)
    }
    async with bot_for(fake_api, **clients) as one_connection:
        fake_api.hold("sendMessage")
        try:
            first = asyncio.create_task(one_connection.send_message(603, "satu"))
            await until(lambda: fake_api.held == 1)
            with pytest.raises(TimedOut) as waited:  # the one connection is busy
                await one_connection.send_message(603, "dua")
            assert classify(waited.value) == "transient"
            with pytest.raises(TimedOut) as silent:  # no answer within the read timeout
                await first
            assert classify(silent.value) == "unconfirmed"
        finally:
            fake_api.release("sendMessage")
        await until(lambda: len(fake_api.sent_messages(603)) == 1)  # the held call, released
        fake_api.cut_after("sendMessage")
        with pytest.raises(NetworkError) as cut:
            await one_connection.send_message(603, "tiga")
        assert classify(cut.value) == "unconfirmed"
        assert [m.text for m in fake_api.sent_messages(603)] == ["satu", "tiga"]
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as refused:
            await request.post(f"http://127.0.0.1:{port}/botX/sendMessage")
        assert classify(refused.value) == "transient"
    finally:
        await request.shutdown()
