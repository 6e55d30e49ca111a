"""The many-instances journey, small: three `siapnilai run --webhook-url` processes on one
PostgreSQL behind a round-robin forwarder, officers answering, the dispatcher's instance
killed with SIGKILL mid-way (bench/cluster_journey.py; its 100-officer run is a benchmark)."""

from __future__ import annotations

from bench.cluster_journey import journey


async def test_three_instances_lose_no_confirmed_answer_when_one_is_killed(
    pg_database: str,
) -> None:
    out = await journey(officers=6, answers=3, instances=3, units=3, database=pg_database)
    assert out.confirmed == 6 * 3, out.lines()
    assert out.lost == [], out.lines()
    assert out.applied_twice == 0, out.lines()
    assert out.out_of_order == [], out.lines()
    assert out.leaders_before == 1, out.lines()
    assert out.took_over, out.lines()
