"""`briefing build` killed at random moments: the output folder is always there and whole (the
previous site or the new one), and the next build removes whatever the killed ones left."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.build import build
from generator.output.disk import can_exchange
from generator.output.folders import MARKER
from generator.output.write import leftovers
from tests.conftest import snapshot

KILLS = 20  # builds killed, each at a random moment of its run


class Watcher(threading.Thread):
    """Looks at the output folder over and over while builds run; notes every time it is not
    a folder holding the marker."""

    def __init__(self, out: Path) -> None:
        super().__init__(daemon=True)
        self.out, self.looks, self.missing = out, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.looks += 1
            if not os.path.isfile(self.out / MARKER):
                self.missing += 1
            time.sleep(0.001)


def start_build(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # its own group: Pagefind is killed too


def retitle(content: Path, title: str) -> dict[str, bytes]:
    """Give the briefing a new title; the site a build of it writes (but the search index)."""
    site_yaml = content / "site.yaml"
    lines = site_yaml.read_text().split("\n")
    site_yaml.write_text("\n".join([f"title: {title}", *lines[1:]]))
    return {path: data for path, data in build(content, None).files.items()
            if isinstance(data, bytes)}


def test_a_build_killed_at_random_moments_never_leaves_the_site_missing(
        tmp_path: Path, mini: Path) -> None:
    assert can_exchange() or sys.platform != "linux"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    out = tmp_path / "site"
    sites = []
    durations = []  # of whole builds, so that kills fall all through one, and after
    for done in range(3):
        sites.append(retitle(mini, f"Built {done}"))
        started = time.monotonic()
        assert start_build(tmp_path).wait(timeout=120) == 0
        durations.append(time.monotonic() - started)
    duration = max(durations)
    watcher = Watcher(out)
    watcher.start()
    killed = 0  # builds killed before they finished (one that finished first does not count)
    for kill in range(3, KILLS * 5):
        if killed == KILLS:
            break
        sites.append(retitle(mini, f"Built {kill}"))
        process = start_build(tmp_path)
        time.sleep(rng.uniform(0, duration))
        try:
            os.killpg(process.pid, signal.SIGKILL)
            killed += process.wait(timeout=60) == -signal.SIGKILL
        except ProcessLookupError:  # it had finished
            process.wait(timeout=60)
        files = snapshot(out)
        assert MARKER in files and "pagefind/pagefind-entry.json" in files, (seed, kill)
        shown = {path: data for path, data in files.items()
                 if path != MARKER and not path.startswith("pagefind/")}
        assert any(shown == site for site in sites), (seed, kill)  # one whole site, no mix
    watcher.done.set()
    watcher.join()
    assert watcher.looks > 100
    assert watcher.missing == 0, (seed, f"the output folder was missing {watcher.missing} times")
    assert killed == KILLS, (seed, killed)
    assert start_build(tmp_path).wait(timeout=120) == 0
    assert leftovers(out) == [], seed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefing-cache", "content", "site"]
