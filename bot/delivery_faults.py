"""What a failed Bot API call means for a notification (pure): retry it, give it up, or
leave it alone because it may have arrived.

- transient: flood control (429 after the in-run retries), 5xx, 502, a connection that
  could not be made or a request that never left (connect or pool timeout). Nothing reached
  the user, so sending again cannot duplicate: retried within the 24-hour window with
  backoff.
- permanent: the user blocked the bot or deleted the account (403), the chat is gone or the
  message is refused (400). Sending again cannot help: given up and the reason recorded.
- unconfirmed: the request left but no answer came back (a read or write timeout, the
  connection dropped or reset once the request was on it). The message may have arrived;
  SPEC promises at most once, so it is never sent again.

The HTTP client's own exception is the cause (`__cause__`) of PTB's: httpx's (PTB's client)
or aiohttp's (bot/bothttp.py), told apart by class name so that this stays pure.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

Fault = Literal["transient", "permanent", "unconfirmed"]

FIRST_BACKOFF = timedelta(minutes=5)
"""The first retry waits this long (the dispatcher's interval); each next one twice as long."""
MAX_BACKOFF = timedelta(hours=2)


def classify(exc: BaseException) -> Fault:
    """The kind of fault `exc` (raised by a Bot API call) is; see the module docstring."""
    if isinstance(exc, Forbidden | BadRequest):
        return "permanent"
    if isinstance(exc, TimedOut):
        return "transient" if _never_left(exc) else "unconfirmed"
    if isinstance(exc, RetryAfter):
        return "transient"
    if isinstance(exc, NetworkError):
        # Without a client's exception behind it, an HTTP status (5xx, 502) answered it.
        return "transient" if exc.__cause__ is None or _never_left(exc) else "unconfirmed"
    return "permanent"


NEVER_SENT = {
    "ConnectTimeout",  # httpx: connecting took too long
    "PoolTimeout",  # httpx: no connection of the pool came free
    "ConnectError",  # httpx: the connection could not be made
    "ConnectionTimeoutError",  # aiohttp: a free connection, or connecting, took too long
    "ClientConnectorError",  # aiohttp: the connection could not be made (DNS, refused, TLS)
}
"""The HTTP clients' exceptions (or their base classes) raised before a request is sent."""


def _never_left(exc: NetworkError) -> bool:
    """A connect or pool timeout, or a connection that could not be made: the request was
    never sent to Telegram."""
    if "Pool timeout" in str(exc):
        return True
    cause = exc.__cause__
    return cause is not None and any(c.__name__ in NEVER_SENT for c in type(cause).__mro__)


def backoff(attempt: int) -> timedelta:
    """How long to wait after the `attempt`-th transient failure (1, 2, …)."""
    wait: timedelta = FIRST_BACKOFF * 2 ** max(attempt - 1, 0)
    return min(wait, MAX_BACKOFF)


def retry_at(attempt: int, now: datetime, deadline: datetime) -> datetime | None:
    """When to try again after the `attempt`-th transient failure, or None when that would
    be at or past `deadline` (the end of the 24-hour window): then it is given up."""
    at = now + backoff(attempt)
    return at if at < deadline else None
