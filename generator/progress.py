"""Which stage a build is in, and how long each stage took.

The build marks the start of each stage; a display (the command line's progress line) may read
the current stage from another thread, and `-v` prints the timings when the build is done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Progress:
    timings: list[tuple[str, float]] = field(default_factory=list)  # finished stages, in order
    current: str = ""  # the stage under way; "" before the first and after done()
    started: float = field(default_factory=time.perf_counter)  # when the build began
    _since: float = 0.0

    def stage(self, name: str) -> None:
        """End the stage under way, if any, and start this one."""
        now = time.perf_counter()
        if self.current:
            self.timings.append((self.current, now - self._since))
        self.current, self._since = name, now

    def done(self) -> None:
        """End the stage under way."""
        if self.current:
            self.stage("")
            self.current = ""

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        """The stages and their times on one line: 'load 0.12 s, link 0.30 s, ...'."""
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings)
