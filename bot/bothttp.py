"""The Bot API's HTTP client: PTB's networking interface (`BaseRequest`) over aiohttp.

PTB's own `HTTPXRequest` (httpx over httpcore over anyio over h11, all pure Python) spent
~0.7-0.9 ms of CPU on one small request against a local Bot API, and httpcore walks every
idle connection of its pool on each request; aiohttp (its HTTP parser in C) spent ~0.1 ms
(docs/benchmarks.md §8c). A press makes two requests and a share of a getUpdates, so the
client was most of what a press cost beyond a bare bot. PTB documents `BaseRequest` for
exactly this: its `Bot` builds the request (`RequestData`) and reads the answer; this class
only carries bytes.

Semantics kept from `HTTPXRequest`: multipart when files go with the parameters, PTB's
User-Agent, certifi's certificates, per-call timeouts (`connect` and `pool` as
the wait for a connection, `read` per socket read, as httpx's), `TimedOut` for a timeout and
`NetworkError` for anything else the transport raises. aiohttp has no timeout per write:
a request's whole life is capped instead (`client_timeout`), an upload's by its size too,
so that a big file on a slow line is not cut off and a stalled one is; a download (a file
kept as evidence, fetched for a pack) is bounded per read. Parameters without files go as a
JSON body (`RequestData.json_payload`), which the Bot API takes as it takes a form.
"""

from __future__ import annotations

import ssl
from typing import Any

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_TIMEOUT = 5.0
"""PTB's default read, write and connect timeouts (seconds)."""


JSON_BODY = {"Content-Type": "application/json"}

UPLOAD_WRITE = 20.0
"""Seconds an upload may take beyond its size's share (PTB's media write timeout)."""
UPLOAD_RATE = 64 * 1024
"""Bytes a second the slowest line is allowed (a 50 MB file: ~14 minutes)."""


class AiohttpRequest(BaseRequest):
    """One aiohttp session with at most `connections` kept-alive connections to the Bot API
    (`SIAPNILAI_BOT_API_CONNECTIONS`); a request finding all busy waits up to `pool_timeout`."""

    def __init__(
        self,
        connections: int = 8,
        *,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        write_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self.connections = connections
        self._timeouts = {
            "read": read_timeout,
            "write": write_timeout,
            "connect": connect_timeout,
            "pool": pool_timeout,
        }
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            context = ssl.create_default_context(cafile=certifi.where())
            connector = aiohttp.TCPConnector(limit=self.connections, ssl=context)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        given = {
            "read": read_timeout,
            "write": write_timeout,
            "connect": connect_timeout,
            "pool": pool_timeout,
        }
        chosen = {
            k: self._timeouts[k] if isinstance(v, DefaultValue) else v for k, v in given.items()
        }
        timeout = client_timeout(
            chosen, upload=_size(files) if files else None, read_only=method == "GET"
        )
        body: Any = None
        headers = None
        if files:
            body = _multipart(request_data.json_parameters if request_data else {}, files)
        elif request_data and request_data.parameters:
            # JSON, which the Bot API takes beside forms: the C encoder, where a form is
            # percent-encoded byte by byte in Python (~80 µs for a question and its keyboard).
            body, headers = request_data.json_payload, JSON_BODY
        try:
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts are TimeoutErrors too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def client_timeout(
    seconds: dict[str, float | None], *, upload: int | None = None, read_only: bool = False
) -> aiohttp.ClientTimeout:
    """PTB's four timeouts (`seconds`: read, write, connect, pool; None: no limit) as
    aiohttp's, which has none per write (and starts reading's only once the body is sent):
    the wait for a connection is pool + connect, a read is `read`, and the whole request at
    most their sum; an upload of `upload` bytes gets `UPLOAD_WRITE` more plus one second per
    `UPLOAD_RATE` bytes, so a big file on a slow line is not cut off and a stalled one is.
    A download (`read_only`, a GET) is bounded per read only."""
    read, write, connect, pool = (seconds[k] for k in ("read", "write", "connect", "pool"))
    if upload is not None and write is not None:
        write = max(write, UPLOAD_WRITE) + upload / UPLOAD_RATE
    return aiohttp.ClientTimeout(
        total=None if read_only else _sum(read, write, connect, pool),
        connect=_sum(connect, pool),
        sock_connect=connect,
        sock_read=read,
    )


def _sum(*parts: float | None) -> float | None:
    """None (no limit) when any part has none."""
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


def _size(files: dict[str, Any]) -> int:
    """The bytes of an upload's files (a file handle: from where it stands to its end)."""
    total = 0
    for _, content, _ in files.values():
        if isinstance(content, bytes | bytearray):
            total += len(content)
        elif hasattr(content, "seek") and hasattr(content, "tell"):
            here = content.tell()
            total += content.seek(0, 2) - here
            content.seek(here)
    return total


def _multipart(fields: dict[str, str], files: dict[str, Any]) -> aiohttp.FormData:
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
