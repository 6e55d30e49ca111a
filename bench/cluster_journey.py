"""Three `siapnilai run --webhook-url` processes on one PostgreSQL behind a round-robin
forwarder; officers answer; the instance that runs the reminder dispatcher is killed with
SIGKILL mid-way.

`python -m bench.cluster_journey [--officers 100] [--answers 6] [--instances 3]`

The fake Bot API (tests/fakebot) delivers webhooks to the forwarder, which hands each update
to the next instance in turn (no sticky sessions) and skips an instance that refuses the
connection, as a load balancer's health check would. Each officer joins, opens the
self-check and presses the first option of `--answers` questions, waiting for the bot's
"Tersimpan: …" (the confirmation); an update the killed instance had accepted but not
handled gets no confirmation, and the officer, like a person, asks again (/periksa) and
goes on. Checked at the end, in the database:
- confirmed answers lost: every confirmed (officer, question) has an answer row;
- applied twice: no update id has two answer rows;
- order: each officer's answer rows, by id, have increasing update ids;
- leadership: one instance took the dispatcher's leader lock, and another took it over after
  the kill (within LEADER_CHECK plus one check);
- reminders: `--reminded` officers of another region, joined before the instances start,
  whose cycle opens tomorrow (local time): their "one day before" reminder is due; the first
  leader sends it at start-up, the one that takes over dispatches again at once: each must
  have received exactly one message.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench._harness import pythonpath

pythonpath()

from aiohttp import ClientError, ClientSession, ClientTimeout, web  # noqa: E402

from bot.store import Newcomer, Store  # noqa: E402
from tests import pgserver  # noqa: E402
from tests.fakebot import FakeBotAPI  # noqa: E402
from tests.flow_helpers import is_question, option_labels, position, seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LEADER_LINE = "now runs the reminder dispatcher"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Forwarder:
    """Round robin over the instances; a refused connection moves on to the next one."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.next = 0
        self.port = _port()
        self.sent: dict[int, int] = dict.fromkeys(ports, 0)
        self._runner: web.AppRunner | None = None
        self._http: ClientSession | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = ClientSession(timeout=ClientTimeout(total=20))

    async def forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {
            k: v for k, v in request.headers.items() if k.lower().startswith(("x-", "content-"))
        }
        assert self._http is not None
        for _ in range(len(self.ports)):
            port = self.ports[self.next % len(self.ports)]
            self.next += 1
            try:
                async with self._http.post(
                    f"http://127.0.0.1:{port}/hook", data=body, headers=headers
                ) as answer:
                    self.sent[port] += 1
                    return web.Response(status=answer.status, body=await answer.read())
            except (ClientError, OSError):
                continue
        return web.Response(status=502)

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()


@dataclass
class Instance:
    port: int
    log: Path
    process: asyncio.subprocess.Process | None = None

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Outcome:
    officers: int
    presses: int = 0
    confirmed: int = 0
    unconfirmed: int = 0
    changed: int = 0
    """Presses a colleague's earlier answer to the same item made stale (nothing written)."""
    lost: list[tuple[int, str]] = field(default_factory=list)
    applied_twice: int = 0
    out_of_order: list[int] = field(default_factory=list)
    leaders_before: int = 0
    took_over: bool = False
    takeover_seconds: float | None = None
    reminders_sent: int = 0
    reminded: dict[int, int] = field(default_factory=dict)
    """Reminder officer -> messages the bot sent them (each must be exactly 1)."""
    seconds: float = 0.0
    per_press: list[float] = field(default_factory=list)

    def lines(self) -> list[str]:
        times = sorted(self.per_press) or [0.0]
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        return [
            f"officers {self.officers}, presses {self.presses}, confirmed {self.confirmed}, "
            f"unconfirmed (asked again) {self.unconfirmed}, "
            f"stale (a colleague answered first, nothing written) {self.changed}",
            f"confirmed answers lost: {len(self.lost)}; applied twice: {self.applied_twice}; "
            f"officers out of order: {len(self.out_of_order)}",
            f"leaders before the kill: {self.leaders_before}; taken over: {self.took_over} "
            f"({self.takeover_seconds and round(self.takeover_seconds, 1)} s); "
            f"notifications sent: {self.reminders_sent}; reminder officers with exactly one "
            f"message: {sum(n == 1 for n in self.reminded.values())}/{len(self.reminded)}",
            f"{self.seconds:.1f} s; {self.confirmed / max(self.seconds, 1e-9):.1f} confirmed "
            f"answers/s; press to confirmation p95 {p95 * 1e3:.0f} ms",
        ]


async def _start(instance: Instance, env: dict[str, str], hook: str, cwd: Path) -> None:
    log = instance.log.open("ab")
    instance.process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--webhook-url", hook,
        "--port", str(instance.port), "--listen", "127.0.0.1",
        cwd=cwd, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    log.close()


CHANGED = "Belum disimpan"
"""How the bot answers a press on a screen a colleague's answer made stale."""


async def _officer(
    server: FakeBotAPI, telegram_id: int, code: str, answers: int, out: Outcome,
    confirmed: dict[int, set[int]],
) -> None:  # fmt: skip
    officer = server.user(telegram_id, f"Petugas {telegram_id}")
    await officer.send(f"/start {code}")
    await officer.wait_for(timeout=60)
    question = await _ask(officer)
    done = confirmed.setdefault(telegram_id, set())
    while question is not None and len(done) < answers:
        if "Nanti" in question.button_texts:
            await officer.press(question, "Nanti")
            question = await _ask(officer)
            continue
        label = option_labels(question)[0]
        number = position(question)[0]
        started = time.perf_counter()
        pressed = await officer.press(question, label)
        out.presses += 1
        try:
            answer = await officer.wait_answer(pressed, timeout=15)
        except TimeoutError:
            out.unconfirmed += 1  # the instance died holding it: ask again, as a person would
            question = await _ask(officer)
            continue
        out.per_press.append(time.perf_counter() - started)
        if answer.text.startswith(CHANGED):
            # A colleague of the same unit answered this item first: nothing was written
            # (optimistic concurrency); a person would look again and go on.
            out.changed += 1
            question = await _ask(officer)
            continue
        assert answer.text == f"Tersimpan: {label}", answer.text
        out.confirmed += 1
        done.add(number)
        try:
            question = await officer.wait_for(
                lambda m, at=pressed.message_id: m.message_id == at and is_question(m), 15
            )
        except TimeoutError:
            question = await _ask(officer)


ALL_ANSWERED = "Semua butir sudah dijawab"
"""/periksa's answer once colleagues of the unit have answered every item."""


async def _ask(officer: Any) -> Any:
    """The question /periksa shows, or None when every item of the unit is answered."""
    for _ in range(5):
        officer.skip_pending()
        await officer.send("/periksa")
        try:
            found = await officer.wait_for(
                lambda m: m.kind == "message" and (is_question(m) or ALL_ANSWERED in m.text), 20
            )
        except TimeoutError:
            continue
        return None if ALL_ANSWERED in found.text else found
    seen = [(e.kind, e.text[:80]) for e in officer.events[-4:]]
    raise AssertionError(f"{officer!r}: no question after five /periksa; last: {seen}")


async def journey(
    *, officers: int = 100, answers: int = 6, instances: int = 3, units: int = 10,
    database: str | None = None, kill: bool = True, reminded: int = 5,
) -> Outcome:  # fmt: skip
    """Run the journey (`kill`: SIGKILL the dispatcher's instance half-way). `database`: a
    postgresql:// URL or a SQLite file path (one instance only); None starts a server."""
    server_pg = None
    if database is None:
        server_pg = pgserver.start()
        database = server_pg.create_database("journey")
    folder = Path(tempfile.mkdtemp(prefix="siapnilai-journey-"))
    fake = FakeBotAPI(callback_timeout=60)
    await fake.start()
    nodes = [Instance(_port(), folder / f"instance{n}.log") for n in range(instances)]
    forwarder = Forwarder([n.port for n in nodes])
    await forwarder.start()
    out = Outcome(officers)
    try:
        today = datetime.now(UTC)
        names = tuple(("Kota Metro", f"Unit {n:02d}", ("KTP-el",)) for n in range(units))
        world = await seed(
            database,  # type: ignore[arg-type]
            units=names,
            now=today,
            window=((today - timedelta(days=10)).date(), (today + timedelta(days=100)).date()),
        )
        reminder_ids = await _seed_reminded(database, fake, reminded, today)
        env = {
            **os.environ,
            "SIAPNILAI_BOT_TOKEN": fake.token,
            "SIAPNILAI_DATABASE": database,
            "SIAPNILAI_API_BASE_URL": fake.base_url,
            "SIAPNILAI_API_FILE_URL": fake.file_url,
            "SIAPNILAI_TIMEZONE": "Asia/Jakarta",
            "PTB_TIMEDELTA": "1",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("SIAPNILAI_ADMINS", None)
        hook = f"http://127.0.0.1:{forwarder.port}/hook"
        for node in nodes:
            await _start(node, env, hook, folder)
        await _until(lambda: sum(n.text().count("is up as") for n in nodes) == instances, 90)
        postgres = database.startswith("postgres")
        if postgres:
            await _until(lambda: sum(LEADER_LINE in n.text() for n in nodes) >= 1, 60)
        out.leaders_before = sum(LEADER_LINE in n.text() for n in nodes)
        leader = next((n for n in nodes if LEADER_LINE in n.text()), nodes[0])

        codes = [world.codes[name] for _, name, _ in names]
        confirmed: dict[int, set[int]] = {}
        started = time.perf_counter()
        tasks = [
            asyncio.create_task(
                _officer(fake, 70_000 + n, codes[n % units], answers, out, confirmed)
            )
            for n in range(officers)
        ]

        # Mid-way: SIGKILL the instance that runs the dispatcher.
        def half_way() -> bool:
            for task in tasks:
                if task.done() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
            return out.confirmed >= officers * answers // 2

        if not kill:
            await asyncio.wait_for(asyncio.gather(*tasks), 900)
            out.seconds = time.perf_counter() - started
            await _check(database, confirmed, out)
            return out
        await _until(half_way, 600)
        assert leader.process is not None
        leader.process.send_signal(signal.SIGKILL)
        killed_at = time.perf_counter()
        await leader.process.wait()
        await asyncio.wait_for(asyncio.gather(*tasks), 900)
        out.seconds = time.perf_counter() - started
        others = [n for n in nodes if n is not leader]
        try:
            await _until(lambda: any(LEADER_LINE in n.text() for n in others), 90)
            out.took_over = True
            out.takeover_seconds = time.perf_counter() - killed_at
            await asyncio.sleep(3)  # the new leader's first dispatch
        except TimeoutError:
            out.took_over = False
        out.reminded = {
            telegram_id: sum(1 for e in fake.user(telegram_id).events if e.kind == "message")
            for telegram_id in reminder_ids
        }
        await _check(database, confirmed, out)
    finally:
        for node in nodes:
            if node.process is not None and node.process.returncode is None:
                node.process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(node.process.wait(), 30)
                except TimeoutError:
                    node.process.kill()
        await forwarder.stop()
        await fake.stop()
        if server_pg is not None:
            server_pg.stop()
    return out


async def _seed_reminded(database: str, fake: FakeBotAPI, count: int, now: datetime) -> list[int]:
    """`count` officers of Kota Jayapura (WIT) whose region's cycle opens so that the "one day
    before" reminder fell due less than 24 hours ago; joined in the database directly."""
    from bot.store import UnitRow

    zone = ZoneInfo("Asia/Jayapura")
    local = now.astimezone(zone)
    opens = local.date() + timedelta(days=1 if local.time() >= dtime(8, 0) else 0)
    store = await Store.open(database, clock=lambda: now)
    ids = [90_000 + n for n in range(count)]
    try:
        await store.import_units(
            [UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura", ("Rawat Jalan",), 1)]
        )
        region = await store.resolve_region("Kota Jayapura")
        unit = await store.resolve_unit("Kota Jayapura/Puskesmas Hamadi")
        await store.open_cycle(
            "ombudsman-2024", opens, opens + timedelta(days=60), region.id, now=now
        )
        if count:
            invite = await store.create_invite(
                "officer", unit_id=unit.id, uses=count, days=14, now=now
            )
            for telegram_id in ids:
                fake.user(telegram_id, f"Pengingat {telegram_id}")
                await store.join(
                    invite.code, Newcomer(telegram_id, f"Pengingat {telegram_id}"), now=now
                )
    finally:
        await store.close()
    return ids


async def _check(database: str, confirmed: dict[int, set[int]], out: Outcome) -> None:
    store = await Store.open(database)
    try:
        for telegram_id, numbers in confirmed.items():
            person = await store.person(telegram_id)
            assert person is not None
            selfcheck = await store.current_selfcheck(person)
            assert selfcheck is not None
            keys = await store.checklist(selfcheck)
            rows = await store._fetchall(
                "SELECT key, update_id FROM answers WHERE by = ? ORDER BY id", (telegram_id,)
            )
            have = {r["key"] for r in rows}
            out.lost += [(telegram_id, keys[n - 1]) for n in numbers if keys[n - 1] not in have]
            ids = [r["update_id"] for r in rows]
            if ids != sorted(ids):
                out.out_of_order.append(telegram_id)
        twice = await store._fetchall(
            "SELECT update_id FROM answers WHERE update_id IS NOT NULL "
            "GROUP BY update_id HAVING COUNT(*) > 1"
        )
        out.applied_twice = len(twice)
        sent = await store._fetchall("SELECT COUNT(*) FROM notifications WHERE status = 'sent'")
        out.reminders_sent = int(sent[0][0])
    finally:
        await store.close()


async def _until(condition: Any, timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=100)
    parser.add_argument("--answers", type=int, default=6)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--reminded", type=int, default=20)
    args = parser.parse_args(argv)
    out = asyncio.run(
        journey(
            officers=args.officers,
            answers=args.answers,
            instances=args.instances,
            reminded=args.reminded,
        )
    )
    print("\n".join(out.lines()))
    ok = not out.lost and not out.applied_twice and not out.out_of_order and out.took_over
    ok = ok and all(n == 1 for n in out.reminded.values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
