"""Benchmarks 1 and 2: CPU per handled update and reply latency, SiapNilai vs a bare PTB bot.

`python -m bench.updates [--officers 100] [--items 30] [--think 2.0]`, or flat out:
`python -m bench.updates --flat-out` (100 officers pressing as fast as replies come: /periksa,
then ten answers each; no think time). The bare bot answers
the query and edits the message, as SiapNilai does on a press.

One run per bot, same traffic, same fake Bot API (in this process, on 127.0.0.1); each bot
is its own process (`python -m bot run`, and bench/_baseline/echo_bot.py). Every simulated
officer first sends /periksa (warm-up, not measured), then answers `--items` questions: it
presses an option (drawn 50/30/20 best/middle/worst, the same draws for both bots), waits for
the bot's reply, thinks for `--think` x U(0.5, 1.5) seconds, and goes on. After a positive
answer on an evidence item SiapNilai asks for evidence above the next item's buttons, so the
next answer is the way on (a `Nanti` is pressed only where it is shown: the last item left).

Cost per update = the bot process's CPU seconds (user + system, all threads, from
/proc/<pid>/stat) between the end of the warm-up and the last reply, / presses handled.
Latency = from the moment a press is enqueued at the server to the moment the bot's reply
request (editMessageText or sendMessage for that chat) arrives at the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._harness import ECHO, SIAPNILAI, BotProcess, Server, pythonpath

pythonpath()

import rubric  # noqa: E402
from bench import _seed  # noqa: E402
from bench._common import (  # noqa: E402
    machine,
    main_and_other_threads,
    mean,
    percentile,
    process_cpu,
    process_rss_mb,
    table,
    thread_cpu,
)

FLAT_OUT_ITEMS = 10
"""Answers per officer in --flat-out mode (after /periksa)."""
WAIT_REPLY = 60.0
"""Seconds an officer waits for one reply before the run is declared broken."""


@dataclass
class Plan:
    """One officer's presses: the option index for each answered item, and how many presses
    that makes (an answer each: the evidence request stands above the next item's buttons)."""

    telegram_id: int
    options: list[int]
    presses: int


def plans(world: _seed.World, items: int, seed: int) -> list[Plan]:
    the_rubric = rubric.load_builtin(_seed.RUBRIC)
    found = []
    for officer in world.officers:
        rng = random.Random(seed * 1_000_003 + officer.telegram_id)
        options, presses = [], 0
        for key in _seed.checklist(the_rubric, officer.products)[:items]:
            item = the_rubric.item(key.partition("@")[0])
            assert item is not None
            chosen = _seed.pick_option(rng, item)
            options.append(chosen)
            presses += 1
        found.append(Plan(officer.telegram_id, options, presses))
    return found


@dataclass
class Run:
    name: str
    presses: int = 0
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    cpu_user: float = 0.0
    cpu_system: float = 0.0
    wall: float = 0.0
    rss_mb: float = 0.0
    startup: float = 0.0
    cpu_main: float = 0.0
    """CPU seconds of the event-loop thread; cpu_other: every other thread (aiosqlite's)."""
    cpu_other: float = 0.0
    hops: int | None = None
    """aiosqlite round trips in the measured phase (--whatif count-hops)."""
    errors: list[str] = field(default_factory=list)

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu / self.presses if self.presses else float("nan")


def _buttons(server: Server, user_id: int, message_id: int) -> list[str]:
    view = server.view(server.chats[user_id].messages[message_id])
    return [b.data for row in view.buttons for b in row if b.data]


async def _press_and_wait(server: Server, user, message_id: int, data: str, run: Run) -> int:
    """Press, wait for the reply; note the latency. Returns the message to press next."""
    press = await user.press_data(message_id, data)
    reply = await user.wait_for(lambda m: m.kind in ("edit", "message"), timeout=WAIT_REPLY)
    created = server.created(press.update_id)
    arrived = server.reply_after(user.id, created)
    if arrived is not None:
        run.latencies.append(arrived - created)
    run.presses += 1
    return reply.message_id


async def officer(server: Server, plan: Plan, kind: str, think: float, run: Run, seed: int) -> None:
    rng = random.Random(seed + plan.telegram_id)
    user = server.user(plan.telegram_id)
    message_id = user.last_message.message_id
    presses = 0
    for chosen in plan.options:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        buttons = _buttons(server, user.id, message_id)
        if kind == "echo":
            data = buttons[min(chosen, 2)]
        else:
            answers = [b for b in buttons if b.startswith("v1:a:") and not b.endswith(":-1")]
            if not answers:
                run.errors.append(f"{user.id}: no answer buttons on {buttons}")
                return
            data = answers[min(chosen, len(answers) - 1)]
        message_id = await _press_and_wait(server, user, message_id, data, run)
        presses += 1
        if kind == "siapnilai":
            later = [b for b in _buttons(server, user.id, message_id) if b.startswith("v1:d:")]
            if later:
                await asyncio.sleep(think * rng.uniform(0.25, 0.75))
                message_id = await _press_and_wait(server, user, message_id, later[0], run)
                presses += 1
    # The echo bot has no evidence prompt: it gets the same number of presses anyway.
    while kind == "echo" and presses < plan.presses:
        await asyncio.sleep(think * rng.uniform(0.25, 0.75))
        data = _buttons(server, user.id, message_id)[0]
        message_id = await _press_and_wait(server, user, message_id, data, run)
        presses += 1
    if presses != plan.presses:
        run.errors.append(f"{user.id}: {presses} presses, planned {plan.presses}")


def _start_pyspy(args: argparse.Namespace, kind: str, pid: int) -> subprocess.Popen[bytes] | None:
    """py-spy on the bot for the measured phase (on-CPU samples of every thread)."""
    if not args.pyspy:
        return None
    out = Path(args.pyspy) / f"{kind}.pyspy.raw"
    command = [
        "py-spy",
        "record",
        "--pid",
        str(pid),
        "--format",
        "raw",
        "--rate",
        "200",
        "--nonblocking",
        "--output",
        str(out),
    ]
    if args.gil:
        command.append("--gil")
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop_pyspy(spy: subprocess.Popen[bytes] | None) -> None:
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()


async def run_bot(kind: str, world: _seed.World, all_plans: list[Plan], args, workdir: Path) -> Run:
    run = Run(kind)
    server = Server(auto_chats=True)
    await server.start("127.0.0.1", 0)
    command = SIAPNILAI if kind == "siapnilai" else ECHO
    if kind == "siapnilai" and args.whatif:
        command = (sys.executable, "-m", "bench._whatif", args.whatif, "--", "run")
    if args.profile and kind in args.profile:
        # pyinstrument prints its report into the bot's log when the bot stops.
        out = Path(args.profile_dir) / f"{kind}.pyinstrument.txt"
        command = (sys.executable, "-m", "pyinstrument", "-o", str(out), *command[1:])
    extra = {}
    if kind == "siapnilai" and args.send_per_second is not None:
        extra["SIAPNILAI_SEND_PER_SECOND"] = str(args.send_per_second)
    if kind == "siapnilai" and args.connections is not None:
        extra["SIAPNILAI_BOT_API_CONNECTIONS"] = str(args.connections)
    if kind == "echo" and args.echo_no_sniffio:
        extra["BENCH_ECHO_NO_SNIFFIO"] = "1"
    if kind == "echo" and args.echo_aiohttp:
        extra["BENCH_ECHO_AIOHTTP"] = "1"
    bot = BotProcess(command, server, world.path, workdir / f"{kind}.log", extra)
    try:
        for plan in all_plans:
            server.user(plan.telegram_id, f"Petugas {plan.telegram_id}", language_code="id")
        bot.start()
        run.startup = await bot.wait_polling()
        await asyncio.sleep(args.settle)  # the start-up reminder run (nothing is due) settles
        # Warm-up: every officer opens the checklist (not measured).
        await asyncio.gather(*(server.user(p.telegram_id).send("/periksa") for p in all_plans))
        for plan in all_plans:
            await server.user(plan.telegram_id).wait_for(
                lambda m: m.kind == "message" and bool(m.buttons), timeout=WAIT_REPLY
            )
        await server.wait_idle(quiet=0.5, timeout=60)
        if kind == "siapnilai" and "count-hops" in args.whatif:
            os.kill(bot.pid, signal.SIGUSR1)  # count the measured presses only
        spy = _start_pyspy(args, kind, bot.pid)
        threads_before = thread_cpu(bot.pid)
        before, started = process_cpu(bot.pid), time.monotonic()
        deadline = args.limit
        tasks = [officer(server, plan, kind, args.think, run, args.seed) for plan in all_plans]
        await asyncio.wait_for(asyncio.gather(*tasks), deadline)
        run.wall = time.monotonic() - started
        used = process_cpu(bot.pid) - before
        run.cpu, run.cpu_user, run.cpu_system = used.total, used.user, used.system
        run.cpu_main, run.cpu_other = main_and_other_threads(
            threads_before, thread_cpu(bot.pid), bot.pid
        )
        run.rss_mb = process_rss_mb(bot.pid)
        _stop_pyspy(spy)
    except BaseException:
        print(f"--- {kind} log tail ---\n{bot.tail()}", file=sys.stderr)
        raise
    finally:
        await bot.stop()
        await server.stop()
    for line in re.findall(r"whatif: gc .*", bot.tail(200)):
        print(f"{kind} {line}", file=sys.stderr)
    found = re.search(r"whatif: (\d+) aiosqlite round trips", bot.tail(200))
    if found:
        run.hops = int(found.group(1))
    return run


async def main_async(args: argparse.Namespace) -> dict[str, Run]:
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        workdir = Path(tmp)
        results: dict[str, Run] = {}
        for kind in args.bots:
            # A fresh database per bot, so both start from the same state.
            path = workdir / f"{kind}.db"
            world = await _seed.seed_units_and_officers(path, units=args.officers)
            all_plans = plans(world, args.items, args.seed)
            results[kind] = await run_bot(kind, world, all_plans, args, workdir)
            print(f"{kind}: done in {results[kind].wall:.1f}s", file=sys.stderr, flush=True)
    return results


def report(results: dict[str, Run], args: argparse.Namespace) -> str:
    rows = []
    for run in results.values():
        ms = [1000 * x for x in run.latencies]
        rows.append(
            [
                run.name,
                run.presses,
                f"{run.wall:.1f}",
                f"{run.cpu:.2f}",
                f"{run.cpu_user:.2f}/{run.cpu_system:.2f}",
                f"{run.cpu_main:.2f}/{run.cpu_other:.2f}",
                f"{run.cpu_ms_per_update:.2f}",
                f"{percentile(ms, 50):.1f}",
                f"{percentile(ms, 95):.1f}",
                f"{percentile(ms, 99):.1f}",
                f"{max(ms) if ms else float('nan'):.1f}",
                f"{mean(ms):.1f}",
                f"{run.rss_mb:.0f}",
            ]
        )
    mode = "flat out" if args.flat_out else "with think time"
    budget = "default" if args.send_per_second is None else f"{args.send_per_second:g}/s"
    out = [
        f"mode={mode} officers={args.officers} items={args.items} think={args.think}s "
        f"seed={args.seed} send budget={budget} connections="
        f"{'default' if args.connections is None else args.connections}"
        + (" echo without the failed sniffio import" if args.echo_no_sniffio else "")
        + (" echo on aiohttp" if args.echo_aiohttp else ""),
        table(
            [
                "bot",
                "presses",
                "wall s",
                "CPU s",
                "user/sys s",
                "loop/other threads s",
                "CPU ms/update",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "mean ms",
                "peak RSS MB",
            ],
            rows,
        ),
    ]
    if "echo" in results and "siapnilai" in results:
        echo, ours = results["echo"], results["siapnilai"]
        p95 = percentile(ours.latencies, 95) / percentile(echo.latencies, 95)
        cpu = ours.cpu_ms_per_update / echo.cpu_ms_per_update
        out.append(
            f"CPU per update: SiapNilai / echo = {cpu:.2f}x (target <= 1.5x: "
            f"{'met' if cpu <= 1.5 else 'missed'})"
        )
        out.append(
            f"p95 latency: SiapNilai / echo = {p95:.2f}x (target <= 1.3x: "
            f"{'met' if p95 <= 1.3 else 'missed'})"
        )
    for run in results.values():
        if run.hops is not None:
            out.append(
                f"{run.name}: {run.hops} aiosqlite round trips in the measured phase, "
                f"{run.hops / max(run.presses, 1):.1f} per update"
            )
        for error in run.errors[:5]:
            out.append(f"{run.name} error: {error}")
    return "\n".join(out)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.updates", description=__doc__)
    parser.add_argument("--officers", type=int, default=100)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between presses")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--settle", type=float, default=1.0, help="s to wait after start-up")
    parser.add_argument("--limit", type=float, default=900.0, help="give up after this many s")
    parser.add_argument(
        "--profile",
        nargs="*",
        default=[],
        help="run these bots under pyinstrument (pip install "
        "pyinstrument); the reports go to --profile-dir",
    )
    parser.add_argument("--profile-dir", default=".")
    parser.add_argument(
        "--pyspy",
        default="",
        help="record both bots with py-spy (pip install py-spy) "
        "during the measured phase into this directory (summarise: python -m bench._profile)",
    )
    parser.add_argument(
        "--gil", action="store_true", help="py-spy: only the thread holding the GIL"
    )
    parser.add_argument(
        "--whatif",
        default="",
        help="run SiapNilai through bench._whatif with these patches "
        "(count-hops, sync-normal; comma-separated)",
    )
    parser.add_argument(
        "--bots", nargs="+", default=["echo", "siapnilai"], choices=["echo", "siapnilai"]
    )
    parser.add_argument(
        "--flat-out",
        action="store_true",
        help="press as fast as replies come: no think time, --items 10 unless given",
    )
    parser.add_argument(
        "--send-per-second",
        type=float,
        default=None,
        help="SiapNilai's global send budget (SIAPNILAI_SEND_PER_SECOND; 0: none); "
        "default: the bot's own (30/s, Telegram's limit, new messages only)",
    )
    parser.add_argument(
        "--echo-aiohttp",
        action="store_true",
        help="give the echo bot SiapNilai's Bot API client (bot/bothttp.py, aiohttp) instead "
        "of PTB's httpx one: like for like, what SiapNilai costs beyond the framework",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=None,
        help="SiapNilai's Bot API connections at most (SIAPNILAI_BOT_API_CONNECTIONS); "
        "default: the bot's own (8); PTB's own default was 256",
    )
    parser.add_argument(
        "--echo-no-sniffio",
        action="store_true",
        help="spare the echo bot httpcore's failed `import sniffio` per request too, as "
        "SiapNilai spares itself (bot/botapi.py): the ratio without that one fix",
    )
    args = parser.parse_args(argv)
    if args.flat_out:
        args.think = 0.0
        if "--items" not in (argv if argv is not None else sys.argv[1:]):
            args.items = FLAT_OUT_ITEMS
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(machine())
    results = asyncio.run(main_async(args))
    print(report(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
