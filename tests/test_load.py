"""Loading never follows a symbolic link out of content/, and names that collide are errors."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.content.files import _stem, _suffix, _tree, scan
from tests.conftest import file_trees, make_tree

SYMLINK = ("error[symlink]: symbolic links are not allowed in content/; replace the link with "
           "what it points to")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the build reads, resolved."""
    seen: list[Path] = []
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        seen.append(self.resolve())
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return seen


def errors(content: Path) -> list[str]:
    return [d.format() for d in check(content).diagnostics]


def test_a_symlinked_file_is_refused_and_never_read(tmp_path: Path, mini: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    reads: list[Path]) -> None:
    outside = tmp_path / "outside" / "secret.md"
    outside.parent.mkdir()
    outside.write_text((mini / "articles/wire.md").read_text())
    (mini / "articles/secret.md").symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [f"content/articles/secret.md:1:1: {SYMLINK}"]
    assert outside not in reads and reads


@pytest.mark.parametrize("folder", ["articles", "profiles", "profiles/person", "glossary"])
def test_a_symlinked_folder_is_refused_and_never_read(tmp_path: Path, mini: Path, folder: str,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      reads: list[Path]) -> None:
    outside = tmp_path / "outside"
    if folder == "glossary":  # glossary/*.yaml is an alternative to glossary.yaml
        (outside / "terms").mkdir(parents=True)
        (mini / "glossary.yaml").rename(outside / "terms/terms.yaml")
        target = outside / "terms"
    else:
        target = outside / folder.replace("/", "-")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(mini / folder), target)
    (mini / folder).symlink_to(target, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    # one error naming the link; what the folder would have defined is not reported missing
    assert errors(Path("content")) == [f"content/{folder}:1:1: {SYMLINK}"]
    assert not [p for p in reads if outside in p.parents]


def test_a_dangling_symlink_is_refused(tmp_path: Path, mini: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / "profiles/person/ghost.yaml").symlink_to(tmp_path / "nowhere.yaml")
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [f"content/profiles/person/ghost.yaml:1:1: {SYMLINK}"]


def distinct_names_supported(folder: Path, a: str, b: str) -> bool:
    (folder / a).write_text("x")
    (folder / b).write_text("y")
    names = {p.name for p in folder.iterdir()}
    for p in folder.iterdir():
        p.unlink()
    return {a, b} <= names


def test_names_differing_only_in_case_are_an_error_naming_both(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    probe = tmp_path / "probe"
    probe.mkdir()
    if not distinct_names_supported(probe, "Kim.yaml", "kim.yaml"):
        pytest.skip("this file system ignores letter case")
    shutil.copy(mini / "profiles/person/leader-b.yaml", mini / "profiles/person/Leader-b.yaml")
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [
        "content/profiles/person/Leader-b.yaml:1:1: error[bad-id]: 'Leader-b' is not a valid "
        "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)",
        "content/profiles/person/leader-b.yaml:1:1: error[name-collision]: "
        "content/profiles/person/leader-b.yaml and content/profiles/person/Leader-b.yaml differ "
        "only in letter case: on macOS and Windows they are the same file; rename or remove one"]


def test_names_differing_only_in_unicode_form_are_an_error_naming_both(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nfc, nfd = (unicodedata.normalize(form, "caf\u00e9") for form in ("NFC", "NFD"))
    probe = tmp_path / "probe"
    probe.mkdir()
    if not distinct_names_supported(probe, f"{nfc}.md", f"{nfd}.md"):
        pytest.skip("this file system normalises Unicode file names")
    for name in (nfc, nfd):
        shutil.copy(mini / "articles/agency.md", mini / f"articles/{name}.md")
    monkeypatch.chdir(tmp_path)
    bad_id = ("error[bad-id]: '{}' is not a valid id: use lower-case letters, digits and "
              "single hyphens (e.g. kim-jong-un)")
    first, second = sorted([nfc, nfd])
    assert errors(Path("content")) == [
        f"content/articles/{first}.md:1:1: {bad_id.format(first)}",
        f"content/articles/{second}.md:1:1: {bad_id.format(second)}",
        f"content/articles/{second}.md:1:1: error[name-collision]: content/articles/{second}.md "
        f"and content/articles/{first}.md are the same name in two Unicode forms (NFC and "
        "NFD): on macOS they are the same file; rename or remove one"]


def test_control_characters_in_names_are_shown_escaped(tmp_path: Path, mini: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(mini / "profiles/person/leader-b.yaml", mini / "profiles/person/kim\n.yaml")
    shutil.copy(mini / "profiles/person/leader-b.yaml", mini / "profiles/person/x\x1b[2J.yaml")
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [
        "content/profiles/person/kim\\n.yaml:1:1: error[bad-id]: 'kim\\n' is not a valid id: "
        "use lower-case letters, digits and single hyphens (e.g. kim-jong-un)",
        "content/profiles/person/x\\x1b[2J.yaml:1:1: error[bad-id]: 'x\\x1b[2J' is not a valid "
        "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]


def test_empty_front_matter_is_reported_in_the_article(tmp_path: Path, mini: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / "articles/odd.md").write_text("---\n\n---\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [
        "content/articles/odd.md:2:1: error[front-matter]: the front matter is empty: an "
        "article needs at least title, publisher and published"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_are_counted_alike_whatever_the_line_endings(tmp_path: Path, mini: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           newline: str) -> None:
    lines = ["---", "title: Odd", "publisher: P", "published: 2023", "---", "", "Text.", "",
             "A [bad](javascript:alert(1)) link.", ""]
    (mini / "articles/odd.md").write_bytes(newline.join(lines).encode())
    monkeypatch.chdir(tmp_path)
    assert errors(Path("content")) == [
        "content/articles/odd.md:9:9: error[unsafe-url]: unsafe URL 'javascript:alert(1)' in a "
        "link or image: only http, https, mailto and relative URLs are allowed; it is shown as "
        "plain text"]


def test_profiles_in_a_folder_of_unknown_kind_cause_no_cascade(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / "profiles/people").mkdir()
    (mini / "profiles/person/leader-b.yaml").rename(mini / "profiles/people/leader-b.yaml")
    monkeypatch.chdir(tmp_path)
    # leader-b is cited, linked and named in by: elsewhere; only the folder is reported
    assert errors(Path("content")) == [
        "content/profiles/people:1:1: error[unknown-kind]: unknown profile kind 'people'; use "
        "one of person, place, system, organization, event"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file_trees())
@example([("a", "folder"), ("a/b.md", "file"), ("a.md", "file"), ("A", "link")])
def test_the_tree_of_the_content_folder_is_what_rglob_lists(
        tmp_path: Path, tree: list[tuple[str, str]]) -> None:
    """The scan lists a folder by one look at each listing: in rglob's order, with each
    entry's kind as the file system tells it (links to folders are listed, not followed)."""
    root = make_tree(Path(tempfile.mkdtemp(dir=tmp_path)), tree)
    found = _tree(root, lambda folder: pytest.fail(f"{folder} unreadable"))
    assert [Path(item.path) for item in found] == sorted(root.rglob("*"))
    assert [(item.folder, item.link) for item in found] == [
        (Path(item.path).is_dir() and not Path(item.path).is_symlink(),
         Path(item.path).is_symlink())
        for item in found]
    assert all(Path(item.path) == root.joinpath(*item.parts) for item in found)


@given(st.text(st.sampled_from("ab.-_ \u00e9"), min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..")))
@example("a.md")
@example(".md")
@example("a.")
@example("a.b.yaml")
def test_a_files_suffix_and_id_are_those_path_gives(name: str) -> None:
    """The scan tells a file's suffix and its id (the name without the suffix) without making
    a Path of it, and by the same rule as Path."""
    path = f"/content/articles/{name}"
    assert _suffix(name) == Path(path).suffix
    assert _stem(path) == Path(path).stem


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12),
                min_size=1, max_size=5),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.data(),
       st.sampled_from([b"\xff", b"\xc0", b"\xe9", b"\xed\xa0\x80"]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_byte_that_is_not_utf8_is_reported_where_it_is(
        tmp_path: Path, lines: list[str], newline: str, bom: bool, data: st.DataObject,
        bad: bytes) -> None:
    """The line and column of the first byte that is not UTF-8, counted as an editor counts
    them (characters, not bytes; any line ending; no byte-order mark)."""
    line = data.draw(st.integers(0, len(lines) - 1))
    col = data.draw(st.integers(0, len(lines[line])))
    written = [text.encode() for text in lines]
    written[line] = lines[line][:col].encode() + bad + lines[line][col:].encode()
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        (Path(folder) / "articles").mkdir()
        (Path(folder) / "articles/odd.md").write_bytes(
            (b"\xef\xbb\xbf" if bom else b"") + newline.encode().join(written))
        found = [d.format() for d in scan(Path(folder)).diagnostics if d.code == "encoding"]
    assert len(found) == 1 and found[0].startswith(
        f"{Path(folder).as_posix()}/articles/odd.md:{line + 1}:{col + 1}: error[encoding]: "
        f"byte 0x{bad[0]:02X} "), found


@pytest.mark.parametrize("rel, fixed", [
    ("articles/notes.MD", "notes.md"), ("articles/notes.markdown", "notes.md"),
    ("profiles/person/kim.yml", "kim.yaml"), ("profiles/person/kim.YAML", "kim.yaml"),
    ("glossary/icbm.yml", "icbm.yaml"), ("site.yml", "site.yaml"),
    ("comparisons.YML", "comparisons.yaml"),
])
def test_a_content_file_with_another_ending_is_told_its_name(tmp_path: Path, rel: str,
                                                             fixed: str) -> None:
    (tmp_path / "articles").mkdir()  # a content folder, even without a site.yaml
    if rel != "site.yml":
        (tmp_path / "site.yaml").write_text("title: T\n")
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_text("x\n")
    found = [d.format() for d in scan(tmp_path).diagnostics if d.code == "stray-file"]
    assert found == [f"{tmp_path.as_posix()}/{rel}:1:1: error[stray-file]: a file here is read "
                     f"only if its name ends in {fixed[fixed.rindex('.'):]}: rename it {fixed}"]
