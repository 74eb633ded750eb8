"""A build cache that cannot be written: the build says so in one line, the site is in place
and is the clean build's, and the next build starts from scratch and equals it too."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.build import build
from generator.memo import Memo
from generator.output.saving import Saving
from generator.output.store import Store
from tests.conftest import written


def _no_space(self: Store, memo: Memo) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_what_writing_the_memo_meets_is_raised_when_it_is_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Store, "save_memo", _no_space)
    saving = Saving(Store(tmp_path), Memo({"page": {"a": "b"}}))
    saving.start()
    with pytest.raises(OSError) as raised:
        saving.wait()
    assert (raised.value.errno, raised.value.strerror) == (errno.ENOSPC,
                                                           "No space left on device")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cache_that_cannot_be_saved_is_one_line_and_the_site_is_in_place(
        workers: int, tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(mini, tmp_path / "clean").ok
    with monkeypatch.context() as patched:
        patched.setattr(Store, "save_memo", _no_space)
        result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", workers=workers)
    assert result.ok
    assert [notice for notice in result.notices if "could not be saved" in notice] == [
        f"the build cache in {tmp_path / 'cache'} could not be saved (no space left on "
        "device): the next build starts from scratch"]
    assert written(tmp_path / "site") == written(tmp_path / "clean")
    again = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", workers=workers)
    assert again.ok and not again.notices
    assert written(tmp_path / "site") == written(tmp_path / "clean")
