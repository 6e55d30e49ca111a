"""Check an evidence document before it is kept: its name and its first bytes
(`bot.filetype`), read from Telegram's file server without downloading the whole file."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
from telegram.error import BadRequest, TelegramError

from bot import filetype
from bot.botapi import DOWNLOAD_LIMIT
from bot.store import EvidenceFile

log = logging.getLogger(__name__)

TOO_BIG = object()


async def first_bytes(bot: Any, file_id: str, size: int | None) -> bytes | object:
    """The file's first `filetype.HEAD_BYTES` bytes; TOO_BIG when Telegram will not serve it.
    Raises OSError / TelegramError / httpx.HTTPError when the file could not be read."""
    if size is not None and size > DOWNLOAD_LIMIT:
        return TOO_BIG
    try:
        found = await bot.get_file(file_id)
    except BadRequest as exc:
        if "too big" in exc.message.lower():
            return TOO_BIG
        raise
    parts = urlsplit(str(found.file_path))
    url = urlunsplit(parts._replace(path=quote(parts.path)))
    head = bytearray()
    async with httpx.AsyncClient(timeout=20) as client, client.stream("GET", url) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            head += chunk
            if len(head) >= filetype.HEAD_BYTES:
                break
    return bytes(head[: filetype.HEAD_BYTES])


async def problem_of(bot: Any, file: EvidenceFile) -> filetype.Problem | None:
    """None when the document may be kept; else why not. Photos are Telegram's own JPEGs."""
    if file.kind == "photo":
        return None
    name_problem = filetype.name_problem(file.file_name)
    if name_problem is not None:
        return name_problem
    try:
        head = await first_bytes(bot, file.file_id, file.size)
    except (OSError, TelegramError, httpx.HTTPError) as exc:
        log.warning("could not read the first bytes of %s: %s", file.file_id, exc)
        return "unreadable"
    return filetype.verdict(file.file_name, None if head is TOO_BIG else head)  # type: ignore[arg-type]
