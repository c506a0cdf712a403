"""Extract, transform, check and load on separate threads, so a run uses more than one core.

The database drivers, numpy and pyarrow release the GIL while they wait for the server, parse,
encode, hash or sort, so reading the next chunk, checking and loading the previous one overlap
with the rules and anonymization of the current one. Each side is a single thread with a queue
of one chunk: chunks stay in order, memory stays bounded by a few chunks, and every call a
reader, a writer or the privacy checks get still comes from one thread at a time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import Any, TypeVar

T = TypeVar("T")

_END = object()
_POLL = 0.1  # seconds between looks at the stop flag while the queue is full


class Prefetched(Iterator[T]):
    """Iterates `items` on a reader thread, one item ahead of the consumer.

    `close()` stops the reader and closes `items` on the reader's thread (so a database
    cursor is released before the session ends); it is safe to call more than once.
    """

    def __init__(self, items: Iterator[T], depth: int = 1) -> None:
        self._items = items
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._produce, name="etlx-extract", daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        try:
            for item in self._items:
                if not self._put(item):
                    break
            else:
                self._put(_END)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failure(exc))
        finally:
            close = getattr(self._items, "close", None)
            if close is not None:
                close()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._queue.get()
        if item is _END:
            self._finish()
            raise StopIteration
        if isinstance(item, _Failure):
            self._finish()
            raise item.error
        return item  # type: ignore[no-any-return]

    def _finish(self) -> None:
        self._done = True
        self._thread.join()

    def close(self) -> None:
        """Stop reading ahead and wait for the reader thread to let go of its source."""
        self._done = True
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get(timeout=_POLL)
            except queue.Empty:
                continue
        self._thread.join()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class Background:
    """Runs calls in order on one thread of its own, at most one behind the caller.

    `submit` first waits for the previous call and raises its error, if any; `drain` waits for
    the last one. After an error the caller stops submitting and aborts, as it would have done
    had the call run in its own thread.
    """

    def __init__(self, name: str = "etlx-load") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: Future[None] | None = None

    def submit(self, call: Callable[[], None]) -> None:
        self.drain()
        self._pending = self._pool.submit(call)

    def drain(self) -> None:
        """Wait for the call in flight; raise its error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def shutdown(self) -> None:
        """Wait for the call in flight, ignoring its error (the run is failing already)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            with suppress(BaseException):
                pending.result()
        self._pool.shutdown(wait=True)
