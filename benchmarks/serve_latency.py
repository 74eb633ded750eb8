"""Save-to-reload latency of `briefing serve`: edit one paragraph, time until the reload event
arrives and until the edited page is served, to a client in a process of its own that does
what the page's reload script does in a browser. Each save waits until the search index of
the previous one is made, as when an editor reads the page before saving again.

    python -m benchmarks.serve_latency [--content content] [--runs 15]
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build import DEFAULT_TEMPLATES
from generator.authoring.serve import DevServer


def _browser(port: int, version: int, page: str, marker: str) -> None:
    """What a browser showing `page` does, in a process of its own: listen for the reload
    event as the page's reload script does, then fetch the page until it shows `marker`.
    Prints "ready" once listening, then the monotonic times of the event and of the page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/__briefing/events?version={version}&page={page}")
    response = conn.getresponse()
    print("ready", flush=True)
    while not response.fp.readline().startswith(b"event: reload"):
        pass
    arrived = time.monotonic()
    while marker.encode() not in _get(port, page):
        time.sleep(0.001)
    print(arrived, time.monotonic(), flush=True)


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
                page = f"/sources/{article.stem}/"
                browser = subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.serve_latency", "--browser",
                     str(server.port), str(server.state.version), page, marker],
                    stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
                assert browser.stdout is not None and browser.stdout.readline() == "ready\n"
                time.sleep(0.05)  # the server has taken the page for open
                saved = time.monotonic()
                article.write_text(edited, encoding="utf-8")
                arrived, served = (float(t) for t in browser.stdout.readline().split())
                assert browser.wait() == 0
                to_event.append((arrived - saved) * 1000)
                to_page.append((served - saved) * 1000)
                assert body_start < last
            return to_event, to_page
        finally:
            server.stop()


def main() -> None:
    if sys.argv[1:2] == ["--browser"]:
        port, version, page, marker = sys.argv[2:]
        _browser(int(port), int(version), page, marker)
        return
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
