"""Watching the content and templates for edits: which file events cause a rebuild, bursts of
events gathered into one, and the names of the files each rebuild follows."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)

from generator.content.files import is_editor_temp

QUIET_SECONDS = 0.05  # a burst of file events ends after this long without another
# the events of one save come together: a rebuild starts after this long without another
# (and shows nothing until QUIET_SECONDS have passed without one)
START_SECONDS = 0.01
IGNORED_DIRS = (".git", ".briefing-cache", "__pycache__", "node_modules")
# The events asked of the file system: those that can cause a rebuild. A file opened or closed
# unwritten (each read a rebuild makes) and a folder's own change of contents (each file in it
# has its own event) would wake the watching thread for nothing, while a rebuild runs.
EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def is_ignored(path: str, out_dir: Path | None = None) -> bool:
    """Editor swap and backup files, VCS folders and the output folder cause no rebuild."""
    candidate = Path(path)
    if out_dir is not None:
        try:
            candidate.resolve().relative_to(out_dir.resolve())
            return True
        except ValueError:
            pass
    if any(part in IGNORED_DIRS for part in candidate.parts):
        return True
    return is_editor_temp(candidate.name)


class Debouncer:
    """Runs an action once for a burst of triggers.

    The action starts once the triggers of one save are in (START_SECONDS without another),
    so that what it can do while a burst lasts (reading and linking the content) is done by
    the time the burst is over; before it shows anything, it calls settle(), which waits
    until the triggers have been quiet for `quiet` seconds and says whether one came since
    the action began. If one did, what the action read may be from the middle of the burst:
    it should show nothing, and it runs again."""

    def __init__(self, action: Callable[[], None], quiet: float = QUIET_SECONDS) -> None:
        self.action = action
        self.quiet = quiet
        self.start = min(START_SECONDS, quiet)
        self._last = 0.0
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="briefing-rebuild", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        self._last = time.monotonic()
        self._pending.set()

    def settle(self) -> bool:
        """Wait until the triggers have been quiet for `quiet` seconds; True if none came
        since the action began (what it read is what the burst left)."""
        while (remaining := self._last + self.quiet - time.monotonic()) > 0:
            time.sleep(remaining)
        return not self._pending.is_set()

    def stop(self, wait: float = 0) -> None:
        """No more runs; with `wait`, give a run under way that long to finish."""
        self._stop.set()
        self._pending.set()
        if wait:
            self._thread.join(timeout=wait)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._pending.wait()
            if self._stop.is_set():
                return
            while (remaining := self._last + self.start - time.monotonic()) > 0:
                time.sleep(remaining)
            self._pending.clear()  # a trigger from now on runs the action again
            self.action()


class Changes:
    """The files changed since the last rebuild, gathered from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def add(self, paths: list[str]) -> None:
        with self._lock:
            self._paths.update(paths)

    def take(self) -> list[str]:
        """The changed files, as short as they can be written (relative to the working
        folder where they are inside it), and forget them."""
        with self._lock:
            paths, self._paths = self._paths, set()
        return sorted({_shown(path) for path in paths})


def _shown(path: str) -> str:
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


class _Watch(FileSystemEventHandler):
    def __init__(self, debouncer: Debouncer, out_dir: Path | None,
                 changes: Changes | None = None) -> None:
        self.debouncer = debouncer
        self.out_dir = out_dir
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file inside changed: that file has its own event
        paths = [str(event.src_path)] + ([str(event.dest_path)] if event.dest_path else [])
        wanted = [p for p in paths if not is_ignored(p, self.out_dir)]
        if not wanted:
            return
        if self.changes is not None and not event.is_directory:
            self.changes.add(wanted)
        self.debouncer.trigger()
