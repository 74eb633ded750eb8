import pytest
import yaml

from generator.yamlio import YMap, YScalar, YSeq, parse_yaml, split_front_matter


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the C parser (when installed) and with the pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("libyaml is not installed")
    return str(request.param)


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
