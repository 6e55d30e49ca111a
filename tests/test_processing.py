"""The update processor: in order for each user, concurrent across users, bounded, tidy."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.processing import PerUserUpdateProcessor, ordering_key


def _update(update_id: int, user_id: int) -> Update:
    user = User(id=user_id, first_name="U", is_bot=False)
    chat = Chat(id=user_id, type="private")
    message = Message(
        message_id=update_id, date=datetime.now(UTC), chat=chat, from_user=user, text="x"
    )
    return Update(update_id=update_id, message=message)


def test_ordering_key_prefers_the_user() -> None:
    assert ordering_key(_update(1, 42)) == 42
    assert ordering_key("not an update") is None


async def test_each_users_updates_run_in_order_while_users_interleave() -> None:
    processor = PerUserUpdateProcessor(8)
    await processor.initialize()
    done: dict[int, list[int]] = {1: [], 2: [], 3: []}
    rng = random.Random(7)
    running = 0
    most = 0

    async def work(user_id: int, n: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(rng.random() / 200)
        done[user_id].append(n)
        running -= 1

    tasks = []
    for n in range(60):
        user_id = 1 + n % 3
        update = _update(n, user_id)
        # PTB starts one task per update, in arrival order, through process_update.
        tasks.append(asyncio.create_task(processor.process_update(update, work(user_id, n))))
    await asyncio.gather(*tasks)
    for user_id, seen in done.items():
        assert seen == sorted(seen) and len(seen) == 20, user_id
    assert most > 1  # different users really ran at the same time
    assert most <= 3  # ...but never two updates of one user
    assert processor.queued_users == 0  # idle users' locks are dropped
    await processor.shutdown()


async def test_work_is_bounded_and_a_busy_user_does_not_block_others() -> None:
    processor = PerUserUpdateProcessor(2)
    await processor.initialize()
    release = asyncio.Event()
    running = 0
    most = 0

    async def slow() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        running -= 1

    busy = [asyncio.create_task(processor.process_update(_update(n, 1), slow())) for n in range(50)]
    others = [
        asyncio.create_task(processor.process_update(_update(100 + n, 2 + n), slow()))
        for n in range(3)
    ]
    await asyncio.sleep(0.05)
    # User 1's backlog waits for its turn without holding working slots: one of user 1's
    # updates runs, plus one other user's; the bound of 2 holds.
    assert running == 2 == most
    finished = asyncio.Event()

    async def quick() -> None:
        finished.set()

    release.set()
    await asyncio.gather(*busy, *others)
    await processor.process_update(_update(999, 77), quick())
    assert finished.is_set()
    assert most == 2
    assert processor.queued_users == 0


async def test_a_failing_update_does_not_stall_the_users_queue() -> None:
    processor = PerUserUpdateProcessor(4)
    await processor.initialize()
    order: list[str] = []

    async def boom() -> None:
        order.append("boom")
        raise RuntimeError("handler bug")

    async def fine() -> None:
        order.append("fine")

    first = asyncio.create_task(processor.process_update(_update(1, 5), boom()))
    second = asyncio.create_task(processor.process_update(_update(2, 5), fine()))
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert order == ["boom", "fine"]
    assert processor.queued_users == 0
