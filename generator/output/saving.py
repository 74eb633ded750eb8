"""The memo written to the store in the background, by a thread, while the search index is
made; what writing it met is raised when it is waited for."""

from __future__ import annotations

import threading

from generator.memo import Memo
from generator.output.store import Store


class Saving:
    """The memo written to the store by a thread of its own."""

    def __init__(self, store: Store, memo: Memo) -> None:
        self.store, self.memo = store, memo
        self.thread: threading.Thread | None = None
        self.failure: OSError | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="briefing-cache", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.store.save_memo(self.memo)
        except OSError as exc:
            self.failure = exc

    def wait(self) -> None:
        """Wait for the memo to be written (if it was started); raise what writing it met."""
        if self.thread is not None:
            self.thread.join()
        if self.failure is not None:
            raise self.failure
