"""Cyclic garbage is collected on the GUI thread only: a worker thread that allocates past the
collector's thresholds collects nothing, and the GUI thread's timer collects it."""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot

from etlx_desktop.ui.gc_guard import GuiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_a_worker_thread_never_collects_and_the_gui_thread_does(
    collect_on_the_gui_thread: GuiThreadCollector, qtbot: QtBot
) -> None:
    assert not gc.isenabled()
    node = _Node()
    gone = weakref.ref(node)
    del node
    collected_in: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        worker = threading.Thread(target=lambda: [_Node() for _ in range(50_000)], name="work")
        worker.start()
        worker.join()
        assert gone() is not None and "work" not in collected_in
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        gc.callbacks.remove(note)
    assert collected_in and set(collected_in) == {threading.main_thread().name}
