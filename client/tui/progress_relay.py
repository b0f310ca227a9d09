"""Hands progress from a worker thread to the UI without flooding it.

The callback only stores the latest report; a message is posted when none is
waiting, so a thousand reports per second become a few screen updates.
"""

from __future__ import annotations

import threading

from textual.message_pump import MessagePump

from client.progress import Progress

from .messages import TaskProgress


class ProgressRelay:
    def __init__(self, target: MessagePump, task: str) -> None:
        self._target = target
        self._task = task
        self._lock = threading.Lock()
        self._latest: Progress | None = None
        self._posted = False

    def __call__(self, progress: Progress) -> None:
        """The ProgressCallback given to the domain (runs on the worker thread)."""
        with self._lock:
            self._latest = progress
            if self._posted:
                return
            self._posted = True
        self._target.post_message(TaskProgress(self._task, progress))  # thread-safe

    def take(self) -> Progress | None:
        """The newest report (called on the UI thread when a TaskProgress arrives)."""
        with self._lock:
            self._posted = False
            return self._latest
