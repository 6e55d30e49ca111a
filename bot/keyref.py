"""A button's short reference to an answer key (`ITEM` or `ITEM@PRODUCT`): 8 hex characters
of BLAKE2b, small enough for Telegram's 64 bytes of callback data.

Indexes would shift when a product is added; a hash names the same key forever. Whoever gets
a reference back resolves it against the current checklist and refuses it when it is absent
(the chat layer for a self-check press, the review service for a review press)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable


@functools.lru_cache(maxsize=8192)
def key_ref(key: str) -> str:
    """The reference of `key` (remembered: a press resolves its reference against the whole
    checklist)."""
    return hashlib.blake2b(key.encode(), digest_size=4).hexdigest()


def resolve_key(ref: str, keys: Iterable[str]) -> str | None:
    """The key among `keys` that `ref` names, None when none does."""
    return next((k for k in keys if key_ref(k) == ref), None)


def files_ref(evidence_ids: Iterable[int]) -> str:
    """A button's short reference to the files a reviewer was shown (their evidence row ids,
    in any order): a verdict press naming files that changed since is refused."""
    text = ",".join(str(i) for i in sorted(evidence_ids))
    return hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
