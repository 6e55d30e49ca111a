"""What a failed Bot API call means for a notification (pure): retry it, give it up, or
leave it alone because it may have arrived.

- transient: flood control (429 after the in-run retries), 5xx, 502, a connection that
  failed or a request that never left (connect or pool timeout). Nothing reached the
  user, so sending again cannot duplicate: retried within the 24-hour window with backoff.
- permanent: the user blocked the bot or deleted the account (403), the chat is gone or the
  message is refused (400). Sending again cannot help: given up and the reason recorded.
- unconfirmed: the request left but no answer came back (a read or write timeout). The
  message may have arrived; SPEC promises at most once, so it is never sent again.
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
    if isinstance(exc, RetryAfter | NetworkError):
        return "transient"
    return "permanent"


def _never_left(exc: TimedOut) -> bool:
    """A connect or pool timeout: the request was never sent to Telegram."""
    if "Pool timeout" in str(exc):
        return True
    cause = exc.__cause__
    return cause is not None and type(cause).__name__ in {"ConnectTimeout", "PoolTimeout"}


def backoff(attempt: int) -> timedelta:
    """How long to wait after the `attempt`-th transient failure (1, 2, …)."""
    wait: timedelta = FIRST_BACKOFF * 2 ** max(attempt - 1, 0)
    return min(wait, MAX_BACKOFF)


def retry_at(attempt: int, now: datetime, deadline: datetime) -> datetime | None:
    """When to try again after the `attempt`-th transient failure, or None when that would
    be at or past `deadline` (the end of the 24-hour window): then it is given up."""
    at = now + backoff(attempt)
    return at if at < deadline else None
