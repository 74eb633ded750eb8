"""Golden pages: the fixture briefing's pages, compared byte for byte with reviewed copies.

After an intended change to templates or rendering, regenerate them with
`BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build
from tests.conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
PAGES = ["index.html", "sources/wire/index.html", "people/leader-a/index.html",
         "glossary/index.html", "compare/index.html"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    # built from a copy outside the git checkout: the pages' dates are the content's own,
    # not those of the commits that last changed the fixture
    content = tmp_path_factory.mktemp("golden") / "content"
    shutil.copytree(MINI, content)
    result = build(content, None)
    assert result.ok
    return result.files


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(files: dict[str, bytes], page: str) -> None:
    golden = GOLDEN / page
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(files[page])
    assert files[page].decode() == golden.read_text(encoding="utf-8")
