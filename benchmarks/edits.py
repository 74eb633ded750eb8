"""Edits a benchmark makes between two builds: they change words, never a quoted passage."""

from __future__ import annotations

import re

_ARTICLE_EDIT = re.compile(r" \(Updated in revision \d+: [a-z ]+\.\)")
_PROFILE_EDIT = re.compile(r" \(Summary revised in pass \d+\.\)")
_EDIT_PHRASES = ("minor wording changes", "a corrected figure", "a clarified attribution",
                 "an added detail")


def edit_article(text: str, revision: int) -> str:
    """Change the words of the article's second paragraph; every quoted passage stays intact."""
    text = _ARTICLE_EDIT.sub("", text)
    head, sep, body = text.partition("\n---\n")
    blocks = body.split("\n\n")
    paragraphs = [i for i, b in enumerate(blocks)
                  if b.strip() and not b.lstrip().startswith(("#", "-", "*", ">", "|"))]
    if not paragraphs:
        raise ValueError("the article has no paragraph to edit")
    index = paragraphs[1] if len(paragraphs) > 1 else paragraphs[0]
    phrase = _EDIT_PHRASES[revision % len(_EDIT_PHRASES)]
    block = blocks[index]
    stripped = block.rstrip("\n")
    edited = f"{stripped} (Updated in revision {revision}: {phrase}.)"
    blocks[index] = edited + block[len(stripped):]
    return head + sep + "\n\n".join(blocks)


def edit_profile(text: str, revision: int) -> str:
    """Change the words of a profile's summary (quoted, block or plain YAML scalar)."""
    text = _PROFILE_EDIT.sub("", text)
    marker = f" (Summary revised in pass {revision}.)"
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("summary:")), None)
    if at is None:
        raise ValueError("the profile has no summary")
    value = lines[at][len("summary:"):].strip()
    if value[:1] in ('"', "'") and value.endswith(value[0]) and len(value) > 1:
        cut = lines[at].rstrip().rfind(value[0])
        lines[at] = lines[at][:cut] + marker + lines[at][cut:]
        return "\n".join(lines)
    last = at
    for i in range(at + 1, len(lines)):
        if lines[i].strip() and not lines[i].startswith((" ", "\t")):
            break
        if lines[i].strip():
            last = i
    lines[last] = lines[last].rstrip() + marker
    return "\n".join(lines)

