"""The greenlet bridge: synchronous code on the event loop, its awaitables awaited there."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import pytest

from application.ledger import Ledger
from application.scope import Scope
from application.writer import Writer
from infrastructure import bridge
from tests.application.writing import FakeProjector


def test_run_returns_what_the_code_returns_after_its_waits() -> None:
    def work() -> int:
        return bridge.wait(asyncio.sleep(0, result=20)) + bridge.wait(asyncio.sleep(0, result=22))

    assert asyncio.run(bridge.run(work)) == 42


def test_an_awaitables_error_is_raised_where_the_code_waited() -> None:
    async def failing() -> None:
        raise LookupError("no row")

    def work() -> str:
        try:
            bridge.wait(failing())
        except LookupError as error:
            return f"caught {error}"
        return "not raised"

    assert asyncio.run(bridge.run(work)) == "caught no row"


def test_an_error_the_code_raises_comes_out_of_run() -> None:
    def work() -> None:
        bridge.wait(asyncio.sleep(0))
        raise PermissionError("refused")

    with pytest.raises(PermissionError, match="refused"):
        asyncio.run(bridge.run(work))


def test_code_knows_whether_it_runs_inside_the_bridge() -> None:
    assert bridge.active() is False
    assert asyncio.run(bridge.run(bridge.active)) is True


def test_waiting_outside_the_bridge_is_refused() -> None:
    awaitable = asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="not inside"):
        bridge.wait(awaitable)
    awaitable.close()


def test_two_codes_waiting_on_each_other_both_finish() -> None:
    async def both() -> list[str]:
        ready = asyncio.Event()

        def first() -> str:
            bridge.wait(ready.wait())  # only the other code can set it
            return "first"

        def second() -> str:
            ready.set()
            return "second"

        return list(await asyncio.gather(bridge.run(first), bridge.run(second)))

    assert asyncio.run(asyncio.wait_for(both(), 5)) == ["first", "second"]


def test_a_threads_future_is_awaited_inside_the_bridge_without_blocking_the_loop() -> None:
    async def scenario() -> tuple[str, bool]:
        started, finish = threading.Event(), threading.Event()

        def slow() -> str:
            started.set()
            assert finish.wait(5)
            return "done"

        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(slow)

            def waiting() -> str:
                return bridge.wait_future(future)

            def releasing() -> bool:
                assert started.wait(5)
                finish.set()  # runs only if the loop is free while waiting() waits
                return True

            got = await asyncio.gather(bridge.run(waiting), bridge.run(releasing))
        return got[0], got[1]

    assert asyncio.run(asyncio.wait_for(scenario(), 10)) == ("done", True)


def test_a_future_outside_the_bridge_is_waited_for_in_place() -> None:
    future: Future[str] = Future()
    future.set_result("ready")
    assert bridge.wait_future(future) == "ready"


def test_entered_gives_the_error_to_the_async_manager_on_the_way_out() -> None:
    seen: list[Any] = []

    @asynccontextmanager
    async def manager() -> AsyncIterator[str]:
        try:
            yield "inside"
        except ValueError as error:
            seen.append(error)
            raise

    def work() -> None:
        with bridge.entered(manager()) as value:
            seen.append(value)
            raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        asyncio.run(bridge.run(work))
    assert [str(x) for x in seen] == ["inside", "bad"]


def test_a_request_waiting_for_the_writer_leaves_the_loop_free_for_others() -> None:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    writer = Writer(ledger, FakeProjector(ledger), wait=bridge.wait_future)
    released = threading.Event()

    def held_command(scope: Scope) -> str:
        assert released.wait(5)  # set by the other request, on the loop
        return "saved"

    def writing() -> str:
        return writer.run(held_command)

    def releasing() -> str:
        released.set()
        return "released"

    async def both() -> list[str]:
        return list(await asyncio.gather(bridge.run(writing), bridge.run(releasing)))

    try:
        assert asyncio.run(asyncio.wait_for(both(), 10)) == ["saved", "released"]
    finally:
        writer.close()
        ledger.close()


def test_futures_answered_together_by_a_thread_each_reach_their_waiter() -> None:
    futures: list[Future[int]] = [Future() for _ in range(20)]

    def answer_all() -> None:
        for n, future in enumerate(futures):
            if n % 5 == 0:
                future.set_exception(LookupError(f"job {n}"))
            else:
                future.set_result(n)

    def waiting(n: int) -> int | str:
        try:
            return bridge.wait_future(futures[n])
        except LookupError as error:
            return str(error)

    async def scenario() -> list[int | str]:
        gathered = asyncio.gather(*(bridge.run(partial(waiting, n)) for n in range(20)))
        await asyncio.sleep(0)
        threading.Thread(target=answer_all).start()
        return list(await gathered)

    got = asyncio.run(asyncio.wait_for(scenario(), 10))
    assert got == [f"job {n}" if n % 5 == 0 else n for n in range(20)]


def test_a_waiter_that_gives_up_cancels_the_threads_future() -> None:
    future: Future[str] = Future()

    async def scenario() -> None:
        task = asyncio.ensure_future(bridge.run(lambda: bridge.wait_future(future)))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    assert future.cancelled()  # so the writer skips the job of a caller that gave up
