"""Synchronous use-case code run on the event loop, its I/O awaited: a greenlet bridge.

The application's use cases call the read model synchronously. Run in a thread
each, 32 connections' requests fought over the GIL: a two-query endpoint served
1,300/s (1,800/s with two threads). Run in a greenlet on the event loop, each
query the code makes is handed to the loop to await and the greenlet resumes
with its result: 2,580/s for the same endpoint, with no thread hop at all
(greenback's portal served 2,300/s, the endpoint written async 3,100/s). This is
the technique of SQLAlchemy's asyncio extension, on the greenlet library alone.

Code that is not inside `run` (the writer thread, the command line, tests) is
untouched: `active()` is false there and the adapters use their blocking paths.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractAsyncContextManager, contextmanager
from typing import Any, TypeVar, cast

from greenlet import getcurrent, greenlet

T = TypeVar("T")


class _Bridged(greenlet):  # type: ignore[misc]
    """A greenlet whose awaitables the event loop awaits; it may hold request state."""

    held: Any = None  # the connection of a read session, if one is open


async def run(work: Callable[[], T]) -> T:
    """work's result; each awaitable it passes to wait() is awaited on this loop."""
    child = _Bridged(work, getcurrent())
    request = child.switch()
    while not child.dead:
        try:
            value = await request
        except BaseException as error:  # noqa: BLE001 - handed to the waiting code
            request = child.throw(error)
        else:
            request = child.switch(value)
    return cast(T, request)


def active() -> bool:
    """Whether the calling code runs inside run() (so it may call wait())."""
    return isinstance(getcurrent(), _Bridged)


def current() -> _Bridged:
    """The bridged greenlet the caller runs in (active() must be true)."""
    here = getcurrent()
    if not isinstance(here, _Bridged):
        raise RuntimeError("not inside bridge.run()")
    return here


def wait(awaitable: Awaitable[T]) -> T:
    """The awaitable's result, awaited by the event loop while this code pauses."""
    return cast(T, current().parent.switch(awaitable))


def wait_future(future: Future[T]) -> T:
    """A thread's future result: awaited inside run(), else waited for."""
    if active():
        return wait(asyncio.wrap_future(future))
    return future.result()


@contextmanager
def entered(manager: AbstractAsyncContextManager[T]) -> Iterator[T]:
    """An async context manager used as a plain one inside run()."""
    value = wait(manager.__aenter__())
    try:
        yield value
    except BaseException as error:
        if not wait(manager.__aexit__(type(error), error, error.__traceback__)):
            raise
    else:
        wait(manager.__aexit__(None, None, None))
