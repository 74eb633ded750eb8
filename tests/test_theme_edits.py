"""Rebuilds after edits to a project's templates never go stale: after any sequence of them,
`serve`'s rebuild in memory and a build from the on-disk cache give exactly what a clean build
gives, byte for byte, and fail exactly when it fails (leaving the site as it was).

The edits are generated: a default template overridden with text added anywhere outside Jinja's
own tags, an override edited, broken (a syntax error, a name no view has) or removed, a static
file overridden, added or removed, a file the theme never uses added, an editor's backup left
beside the templates, a file touched, and a letter changed with the file's size and times kept.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import event, given, settings, strategies as st

from generator.build import Builder, Early, build
from generator.rendering.theme import theme
from tests.conftest import MINI, outcome, written

EXAMPLES = int(os.environ.get("BRIEFING_THEME_EDIT_EXAMPLES",
                              100 if os.environ.get("CI") == "true" else 10))
STEPS = 4
DEFAULTS = theme(None).files()
TEMPLATES = sorted(name for name in DEFAULTS if name.endswith(".html"))
STATIC = sorted(name for name in DEFAULTS if name.startswith("static/"))
# Jinja's own tags: text is only ever added or changed outside them
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
BREAKS = ("{{ v.no_such_field }}", "{% if %}", "{{ unclosed", "{% endblock %}",
          "{{ url() }}", "{% include 'no-such.html' %}")
WORDS = st.text(alphabet="abcXYZ é0-,.", min_size=1, max_size=12) | st.sampled_from(
    ("&amp;", "<b>bold</b>", "<!-- a note -->", "\n"))


def _spots(text: str, letters: bool = False) -> list[int]:
    """Where text may be added (before a '<' or a line's end), or with `letters` the ASCII
    letters that may be changed, outside Jinja's tags."""
    spots: list[int] = []
    start = 0
    for found in [*JINJA.finditer(text), None]:
        end = found.start() if found else len(text)
        spots += [start + i for i, c in enumerate(text[start:end])
                  if ((c.isascii() and c.isalpha()) if letters else c in "<\n")]
        start = found.end() if found else end
    return spots


def _own(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@st.composite
def theme_edit(draw: st.DrawFn, folder: Path) -> str:
    """One change to a project's templates folder (over the defaults); its name."""
    own = _own(folder)
    templates = [name for name in own if name in TEMPLATES]
    how = draw(st.sampled_from(("override", "edit", "break", "remove", "static", "unused",
                                "editor file", "touch", "same size and times")))
    if how in ("edit", "same size and times") and not templates:
        how = "override"
    if how == "remove" and not own:
        how = "static"
    if how in ("override", "edit", "break"):  # text added to an override, made if need be
        name = draw(st.sampled_from(templates if how == "edit" else TEMPLATES))
        path = folder / name
        text = (path if path.exists() else DEFAULTS[name]).read_text(encoding="utf-8")
        at = draw(st.sampled_from(_spots(text)))
        added = draw(st.sampled_from(BREAKS)) if how == "break" else draw(WORDS)
        path.write_text(text[:at] + added + text[at:], encoding="utf-8")
    elif how == "remove":
        (folder / draw(st.sampled_from(own))).unlink()
    elif how == "static":
        name = draw(st.sampled_from([*STATIC, "static/extra.txt"]))
        path = folder / name
        if path.exists() and draw(st.booleans()):
            path.unlink()
        else:
            path.parent.mkdir(exist_ok=True)
            base = DEFAULTS[name].read_bytes() if name in DEFAULTS else b""
            path.write_bytes(base + draw(st.sampled_from(
                (b"\n/* edited */\n", b"\nbody { color: #123456; }\n", b"more"))))
    elif how == "unused":
        (folder / "extra.html").write_text(draw(WORDS), encoding="utf-8")
    elif how == "editor file":
        name = draw(st.sampled_from(TEMPLATES))
        backup = draw(st.sampled_from((f"{name}~", f".{name}.swp", f".#{name}")))
        (folder / backup).write_text("{{ broken", encoding="utf-8")  # ignored: never read
    elif how == "touch":
        if own:
            os.utime(folder / draw(st.sampled_from(own)))
    else:  # a letter changed, with the file's size and times put back
        path = folder / draw(st.sampled_from(templates))
        text = path.read_text(encoding="utf-8")
        info = path.stat()
        i = draw(st.sampled_from(_spots(text, letters=True)))
        path.write_text(text[:i] + ("Q" if text[i] != "Q" else "R") + text[i + 1:],
                        encoding="utf-8")
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size
    return how


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.data())
def test_rebuilds_after_generated_template_edits_equal_clean_builds(data: st.DataObject
                                                                    ) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content, templates, site = root / "content", root / "templates", root / "site"
        shutil.copytree(MINI, content)
        templates.mkdir()
        server = Builder(content, templates, editorial=True)  # as `briefing serve` builds
        shown = server.build(None).files
        assert shown
        assert build(content, site, templates, cache_dir=root / "cache", search=False).ok
        for _ in range(data.draw(st.integers(1, STEPS))):
            name = data.draw(theme_edit(templates))
            event(name)
            clean = build(content, None, templates)
            event("builds" if clean.ok else "fails")
            sent: list[dict[str, bytes]] = []
            served = server.build(None, Early(frozenset(shown), sent.append))
            assert outcome(served) == outcome(clean), name
            if clean.ok:
                assert served.files == clean.files, name
                early = sent[0] if sent else {}
                assert {path: clean.files.get(path) for path in early} == early, name
                shown = clean.files
            before = written(site)
            cached = build(content, site, templates, cache_dir=root / "cache", search=False)
            assert outcome(cached) == outcome(clean), name
            if clean.ok:
                assert written(site) == clean.files, name
            else:  # a failed build leaves the site as the last good one wrote it
                assert written(site) == before, name
