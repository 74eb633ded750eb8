"""Save-to-reload latency of `briefing serve`: edit one paragraph, time until the reload event
arrives and until the edited page is served. Each save waits until the search index of the
previous one is made, as when an editor reads the page before saving again.

    python -m benchmarks.serve_latency [--content content] [--runs 15]
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from generator.build import DEFAULT_TEMPLATES
from generator.authoring.serve import DevServer


def _wait_for_reload(port: int, version: int, page: str, arrived: list[float]) -> None:
    """As the page's reload script listens: for the next version, naming the page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/__briefing/events?version={version}&page={page}")
    response = conn.getresponse()
    while True:
        line = response.fp.readline()
        if line.startswith(b"event: reload"):
            arrived.append(time.perf_counter())
            break
    conn.close()


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def _wait_for_index(server: DevServer, count: int) -> None:
    """Wait until the background search index of the latest rebuild is made."""
    deadline = time.monotonic() + 120
    while server.state.indexed < count and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)


def measure(content: Path, runs: int) -> tuple[list[float], list[float]]:
    """(save -> reload event, save -> edited page served) in ms, one pair per run."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "content"
        shutil.copytree(content, work)
        article = sorted((work / "articles").glob("*.md"))[0]
        server = DevServer(work, DEFAULT_TEMPLATES, port=0)
        server.start()
        try:
            to_event, to_page = [], []
            text = article.read_text(encoding="utf-8")
            body_start = text.index("\n---", 3) + 5
            last = text.rindex("\n\n") + 2  # the last paragraph
            for run in range(runs):
                _wait_for_index(server, run + 1)  # an editor reads the page before the next save
                marker = f"Edit{run}x"
                edited = text[:last] + marker + " " + text[last:]
                version = server.state.version
                arrived: list[float] = []
                page = f"/sources/{article.stem}/"
                listener = threading.Thread(target=_wait_for_reload,
                                            args=(server.port, version, page, arrived))
                listener.start()
                time.sleep(0.05)  # the listener is connected
                saved = time.perf_counter()
                article.write_text(edited, encoding="utf-8")
                listener.join()
                while marker.encode() not in _get(server.port, page):
                    time.sleep(0.001)
                served = time.perf_counter()
                to_event.append((arrived[0] - saved) * 1000)
                to_page.append((served - saved) * 1000)
                assert body_start < last
            return to_event, to_page
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    to_event, to_page = measure(args.content, args.runs)
    for label, values in (("save -> reload event", to_event), ("save -> page served", to_page)):
        print(f"{args.content}: {label}: median {statistics.median(values):.0f} ms "
              f"(min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs)")


if __name__ == "__main__":
    main()
