"""Run the fake Bot API server as its own process: `python -m tests.fakebot --port 8081`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from tests.fakebot.server import DEFAULT_TOKEN, FakeBotAPI


async def _serve(args: argparse.Namespace) -> None:
    server = FakeBotAPI(
        args.token,
        auto_chats=args.any_chat,
        callback_timeout=args.callback_timeout,
        record_limit=args.record_limit,
    )
    await server.start(args.host, args.port)
    if args.rate:
        server.enforce_rate(args.rate, args.per_chat_rate)
    print(f"fake Bot API at {server.base_url} (files {server.file_url})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakebot", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate", type=float, default=None, help="messages/s before 429s")
    parser.add_argument("--per-chat-rate", type=float, default=None)
    parser.add_argument("--callback-timeout", type=float, default=15.0)
    parser.add_argument("--record-limit", type=int, default=10_000)
    parser.add_argument(
        "--any-chat", action="store_true", help="accept any positive chat id as a started chat"
    )
    asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
