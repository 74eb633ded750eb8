"""An article added as CONTRIBUTING.md says keeps the content tests passing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_cli

FRONT = """---
title: Kim Jong Un leaves Russia's Far East by armoured train
publisher: Example Wire Service
short_name: Example Wire
published: 2023-09-17
dateline: Vladivostok, Russia
---

Kim Jong Un left Vladivostok on Sunday aboard his armoured train, ending a six-day visit.

## The journey home

The train was expected to cross the border at Khasan the following morning.
"""
FACT = """  - text: Kim left Vladivostok on 17 September 2023.
    as_of: 2023-09-17
    sources:
      - source: example-2023-09-17
        quote: "left Vladivostok on Sunday aboard his armoured train"
"""


def test_a_new_article_added_as_contributing_says_passes_the_content_tests(
        tmp_path: Path) -> None:
    if os.environ.get("BRIEFING_CONTENT"):
        return  # already inside the run below
    shutil.copytree(REPO / "content", tmp_path / "content")
    made = run_cli("new", "article", "example-2023-09-17", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    article = tmp_path / "content/articles/example-2023-09-17.md"
    article.write_text(FRONT, encoding="utf-8")  # front matter filled in, the text pasted
    profile = tmp_path / "content/profiles/person/kim-jong-un.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "\nfacts:\n" in text
    profile.write_text(text.replace("\nfacts:\n", "\nfacts:\n" + FACT, 1), encoding="utf-8")
    assert run_cli("check", "--strict", "--content", "content", cwd=tmp_path).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_content.py"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "BRIEFING_CONTENT": str(tmp_path / "content")})
    assert result.returncode == 0, result.stdout[-4000:]
