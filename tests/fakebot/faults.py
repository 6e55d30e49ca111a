"""Injected failures: the next N calls of a method answer an error (`FakeBotAPI.fail_next`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakebot.errors import BLOCKED, ApiError


@dataclass
class Fault:
    method: str | None  # lower-case method, None = any except getUpdates
    status: int
    description: str
    parameters: dict[str, Any] | None
    count: int


class Faults:
    def __init__(self) -> None:
        self.queue: list[Fault] = []

    def add(
        self,
        method: str | None,
        status: int,
        retry_after: int,
        count: int,
        description: str | None,
    ) -> None:
        parameters = None
        if status == 429:
            parameters = {"retry_after": retry_after}
            description = description or f"Too Many Requests: retry after {retry_after}"
        elif description is None:
            description = {
                400: "Bad Request: injected failure",
                403: BLOCKED,
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, "Injected failure")
        self.queue.append(
            Fault(method.lower() if method else None, status, description, parameters, count)
        )

    def check(self, name: str) -> None:
        """Raise the first fault that applies to method `name` (lower-case)."""
        for fault in self.queue:
            if fault.method == name or (fault.method is None and name != "getupdates"):
                fault.count -= 1
                if fault.count <= 0:
                    self.queue.remove(fault)
                raise ApiError(fault.status, fault.description, fault.parameters)
