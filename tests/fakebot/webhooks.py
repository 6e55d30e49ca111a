"""The webhook: setWebhook/deleteWebhook/getWebhookInfo, and a task that POSTs queued updates
to the bot's URL (with the secret token header) until it answers 2xx."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from aiohttp import ClientSession, ClientTimeout

from tests.fakebot.errors import bad_request
from tests.fakebot.state import PendingUpdate
from tests.fakebot.updates import DEFAULT_UPDATE_TYPES


class WebhooksMixin:
    """The webhook part of FakeBotAPI."""

    webhook: dict[str, Any] | None
    _webhook_task: asyncio.Task[None] | None
    _http: ClientSession | None
    _pending: list[PendingUpdate]
    _allowed_updates: frozenset[str]

    if TYPE_CHECKING:  # the rest of FakeBotAPI, for the type checker

        def _wake_pollers(self) -> None: ...
        def _drop_pending(self) -> None: ...
        async def _wait_updates(self, timeout: float) -> None: ...  # noqa: ASYNC109
        @property
        def pending_updates(self) -> int: ...

    async def _api_setWebhook(self, p: dict[str, Any], files: Any) -> Any:
        url = p.get("url") or ""
        if not url:
            return await self._api_deleteWebhook(p, files)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if p.get("drop_pending_updates"):
            self._drop_pending()
        if isinstance(p.get("allowed_updates"), list):
            self._allowed_updates = frozenset(p["allowed_updates"]) or DEFAULT_UPDATE_TYPES
        self.webhook = {"url": url, "secret_token": p.get("secret_token")}
        self._wake_pollers()
        if self._webhook_task is None:
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    async def _api_deleteWebhook(self, p: dict[str, Any], files: Any) -> Any:
        self.webhook = None
        if self._webhook_task:
            self._webhook_task.cancel()
            self._webhook_task = None
        if p.get("drop_pending_updates"):
            self._drop_pending()
        return True

    async def _api_getWebhookInfo(self, p: dict[str, Any], files: Any) -> Any:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
        }

    async def _deliver_webhook(self) -> None:
        if self._http is None:
            self._http = ClientSession(timeout=ClientTimeout(total=30))
        while self.webhook:
            ready = [u for u in self._pending if u.kind in self._allowed_updates]
            if not ready:
                await self._wait_updates(1.0)
                continue
            update = ready[0]
            headers = {}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
            try:
                async with self._http.post(
                    self.webhook["url"], json=update.payload, headers=headers
                ) as response:
                    ok = 200 <= response.status < 300
            except (TimeoutError, OSError, Exception):
                ok = False
            if ok:
                update.delivered = True
                if update in self._pending:
                    self._pending.remove(update)
            else:
                await asyncio.sleep(0.2)
