import time
from pathlib import Path

import pytest

from generator.build import build
from generator.content.yamlio import YMap, YScalar, YSeq, parse_yaml, split_front_matter


pytestmark = pytest.mark.usefixtures("yaml_parser")  # every test runs with both parsers


def test_values_keep_their_text_and_position() -> None:
    node, problems = parse_yaml("name: Kim\nvalue: no\nversion: 1.10\nwhen: 2023-09-13\n", "a.yaml")
    assert problems == []
    assert isinstance(node, YMap)
    version = node.entries["version"]
    assert isinstance(version, YScalar) and version.text == "1.10"
    assert node.entries["value"].text == "no"  # type: ignore[union-attr]
    assert node.entries["when"].text == "2023-09-13"  # type: ignore[union-attr]
    assert str(node.key_locs["version"]) == "a.yaml:3:1"


def test_duplicate_keys_name_both_lines() -> None:
    _, problems = parse_yaml("name: A\nrole: x\nname: B\n", "p.yaml")
    assert [p.format() for p in problems] == [
        "p.yaml:3:1: error[duplicate-key]: duplicate key 'name' (first defined on line 1); "
        "remove one of them"]


def test_syntax_error_has_position() -> None:
    node, problems = parse_yaml("name: [unclosed\nrole: x\n", "p.yaml")
    assert node is None
    assert len(problems) == 1
    assert problems[0].code == "yaml-syntax"
    assert problems[0].loc.path == "p.yaml" and problems[0].loc.line >= 1


def test_anchors_and_aliases_are_refused() -> None:
    _, problems = parse_yaml("a: &x [1, 2]\nb: *x\n", "bomb.yaml")
    assert [p.code for p in problems] == ["yaml-refused"]
    assert "anchors and aliases" in problems[0].message


def test_tags_are_refused() -> None:
    _, problems = parse_yaml("a: !!python/object:os.system ls\n", "t.yaml")
    assert [p.code for p in problems] == ["yaml-refused"]


def test_deep_nesting_is_reported_not_a_crash() -> None:
    _, problems = parse_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert [p.code for p in problems] == ["yaml-refused"]


def test_sequences_and_line_offset() -> None:
    node, _ = parse_yaml("- a\n- b\n", "f.md", line_offset=1)
    assert isinstance(node, YSeq)
    assert node.items[1].loc.line == 3


def test_front_matter_split() -> None:
    front, front_line, body, body_line = split_front_matter("---\ntitle: T\n---\n\nBody\n")
    assert front == "title: T" and front_line == 2
    assert body.strip() == "Body" and body_line == 4
    assert split_front_matter("No front matter")[0] is None


REFUSED_ALIAS = ("error[yaml-refused]: YAML anchors and aliases (&name, *name) are not allowed; "
                 "write the value out in full")


def formatted(text: str, path: str = "f.yaml", line_offset: int = 0) -> list[str]:
    return [p.format() for p in parse_yaml(text, path, line_offset)[1]]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system",
                                 "!!python/object/new:os.system"])
def test_python_tags_are_refused_and_never_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    node, problems = parse_yaml(f"name: {tag} [\"touch {marker}\"]\n", "p.yaml")
    assert node is None and not marker.exists()
    assert [p.format() for p in problems] == [
        f"p.yaml:1:7: error[yaml-refused]: YAML tags such as "
        f"'tag:yaml.org,2002:{tag[2:]}' are not allowed; remove the tag"]


@pytest.mark.parametrize("tag, shown", [("!!str", "tag:yaml.org,2002:str"),
                                        ("!!binary", "tag:yaml.org,2002:binary"),
                                        ("!custom", "!custom")])
def test_every_explicit_tag_is_refused(tag: str, shown: str) -> None:
    assert formatted(f"name: {tag} x\n") == [
        f"f.yaml:1:7: error[yaml-refused]: YAML tags such as '{shown}' are not allowed; "
        "remove the tag"]


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
        f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    started = time.perf_counter()
    assert formatted("\n".join(levels) + "\n") == [f"f.yaml:1:5: {REFUSED_ALIAS}"]
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("text, where", [("a: *nowhere\n", "1:4"), ("&x a: b\n", "1:1"),
                                         ("a:\n  - &item x\n", "2:5"),
                                         ("a: {b: 1}\nc:\n  <<: *a\n", "3:7")])
def test_anchors_and_aliases_anywhere_are_refused(text: str, where: str) -> None:
    assert formatted(text) == [f"f.yaml:{where}: {REFUSED_ALIAS}"]


def test_duplicate_keys_are_found_at_any_depth_with_both_lines() -> None:
    text = "- id: a\n  term: A\n  id: b\n- id: c\n  sources:\n    - source: x\n      source: y\n"
    assert formatted(text, "glossary.yaml") == [
        "glossary.yaml:3:3: error[duplicate-key]: duplicate key 'id' (first defined on line 1); "
        "remove one of them",
        "glossary.yaml:7:7: error[duplicate-key]: duplicate key 'source' (first defined on line "
        "6); remove one of them"]


def test_duplicate_keys_in_front_matter_name_the_lines_of_the_file() -> None:
    assert formatted("title: A\npublisher: P\ntitle: B\n", "a.md", line_offset=1) == [
        "a.md:4:1: error[duplicate-key]: duplicate key 'title' (first defined on line 2); "
        "remove one of them"]


def test_block_nesting_deeper_than_the_limit_is_refused() -> None:
    text = "".join("  " * level + "a:\n" for level in range(60)) + "  " * 60 + "x\n"
    assert formatted(text) == ["f.yaml:41:81: error[yaml-refused]: nesting deeper than 40 "
                               "levels; flatten the structure"]
    assert formatted("".join("  " * level + "a:\n" for level in range(39)) + "  " * 39 + "x\n") \
        == []


def test_deep_flow_nesting_is_refused_with_its_position() -> None:
    assert formatted("a: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        "f.yaml:1:43: error[yaml-refused]: nesting deeper than 40 levels; flatten the structure"]


@pytest.mark.parametrize("text, where, code", [("a: '\x07'\n", "1:5", "0007"),
                                               ("a: b\nc: d\x1b[2J\n", "2:5", "001B"),
                                               ("a: b\n\nc: \x00\n", "3:4", "0000")])
def test_control_characters_are_a_syntax_error_with_their_position(text: str, where: str,
                                                                   code: str) -> None:
    assert formatted(text) == [
        f"f.yaml:{where}: error[yaml-syntax]: YAML syntax error: character U+{code} is not "
        "allowed in YAML; remove it, or write it as an escape in a double-quoted string"]


@pytest.mark.parametrize("value", ["no", "yes", "off", "on", "1.10", "010", "0x1F", "1e3", "~",
                                   "2023-09-13", "2023-09-13 10:00:00", ".inf", "12:30"])
def test_plain_scalars_keep_their_text(value: str) -> None:
    node, problems = parse_yaml(f"a: {value}\n", "f.yaml")
    assert problems == [] and isinstance(node, YMap)
    scalar = node.entries["a"]
    assert isinstance(scalar, YScalar) and scalar.text == value


def test_yaml_11_surprises_keep_their_meaning_on_the_page(mini: Path) -> None:
    profile = mini / "profiles/person/leader-b.yaml"
    profile.write_text(profile.read_text().replace("role: {value: Host, background: true}",
                                                   "role: 1.10\nnationality: no")
                       .replace("side: South", "side: yes")
                       .replace("    sources:", "    as_of: 2023-09-13\n    sources:", 1))
    result = build(mini, None)
    assert result.ok, [d.format() for d in result.diagnostics]
    page = result.files["people/leader-b/index.html"].decode()
    assert '<th scope="row">Role</th><td>1.10</td>' in page
    assert '<th scope="row">Nationality</th><td>no</td>' in page
    assert "<h4>yes</h4>" in result.files["index.html"].decode()
    timeline = result.files["timeline/index.html"].decode()
    assert ('<time datetime="2023-09-13">13 September 2023</time>' in timeline
            and "Leader B hosted the meeting." in timeline)


def test_both_parsers_tell_plain_from_quoted_and_block_scalars() -> None:
    root, problems = parse_yaml("a: x\nb: 'y'\nc: \"z\"\nd: |\n  w\n", "f.yaml")
    assert problems == [] and isinstance(root, YMap)
    kinds = {k: (v.plain, v.block) for k, v in root.entries.items() if isinstance(v, YScalar)}
    assert kinds == {"a": (True, False), "b": (False, False), "c": (False, False),
                     "d": (False, True)}
