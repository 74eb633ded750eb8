"""The lines that mark off an article's front matter: each mistake is named, at the line
where its fix goes, and making the fix there clears it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.content.frontmatter import fence_problem
from generator.content.yamlio import split_front_matter

LINES = st.lists(st.sampled_from(["---", "title: Odd", "publisher: P", "published: 2023",
                                  "  more", "- item", "", "Some text.", "More text."]),
                 max_size=10)
FIXES = {"add a line '---' here": "---", "add a line '---' above": "---",
         "put an empty line between them": ""}


@given(LINES)
def test_the_fix_named_at_its_line_clears_the_mistake(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    problem = fence_problem(text)
    if problem is None:  # fields between two fences, then an empty line or nothing
        front, front_line, body, body_line = split_front_matter(text)
        assert lines[0] == "---" and front is not None and front_line == 2
        assert lines[body_line - 2] in ("---", "...") and not body.split("\n")[0].strip()
        return
    assert 1 <= problem.line <= len(lines) + 1
    fix = next((line for words, line in FIXES.items() if words in problem.message), None)
    if fix is None:  # no front matter at all
        assert problem.message.startswith("an article starts with front matter")
        assert "---" not in lines[:1]
        return
    fixed = lines[:problem.line - 1] + [fix] + lines[problem.line - 1:]
    after = fence_problem("\n".join(fixed) + "\n")
    if fix == "":
        assert after is None
    assert after is None or after.message != problem.message or after.line > problem.line
