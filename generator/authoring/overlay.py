"""What `briefing serve` adds to the pages it serves, and only there: the script that reloads
the page after a rebuild, and the errors and editorial warnings shown over it."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from generator.diagnostics import Diagnostic

SERVER_PREFIX = "/__briefing/"

RELOAD_JS = """\
(function () {
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : "0";
  var source = new EventSource("/__briefing/events?version=" + encodeURIComponent(version)
                               + "&page=" + encodeURIComponent(location.pathname));
  source.addEventListener("reload", function () { source.close(); location.reload(); });
})();
"""

OVERLAY_CSS = """\
#briefing-errors { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto;
  z-index: 1000; background: #2b0b0b; color: #fff; padding: 1rem 1.25rem;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  border-top: 4px solid #ff6b6b; }
#briefing-errors h2 { font: bold 16px/1.3 system-ui, sans-serif; margin: 0 0 .5rem; border: 0; }
#briefing-errors ol { margin: 0; padding-left: 1.25rem; }
#briefing-errors li { white-space: pre-wrap; margin: .25rem 0; }
#briefing-errors p { font-family: system-ui, sans-serif; margin: .5rem 0 0; color: #ffd1d1; }
#briefing-warnings { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto;
  z-index: 1000; background: #2b2205; color: #fff; padding: .5rem 1.25rem;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  border-top: 4px solid #f0b429; }
#briefing-warnings summary { font: bold 14px/1.5 system-ui, sans-serif; cursor: pointer; }
#briefing-warnings code { font-weight: normal; }
#briefing-warnings ol { margin: .5rem 0 0; padding-left: 1.25rem; }
#briefing-warnings li { white-space: pre-wrap; margin: .25rem 0; }
"""


def overlay(errors: list[Diagnostic]) -> str:
    items = "".join(f"<li>{escape(d.format())}</li>" for d in errors)
    return (f'<div id="briefing-errors" role="alert"><h2>Build failed: {len(errors)} '
            f'error{"s" * (len(errors) != 1)}</h2><ol>{items}</ol><p>Showing the last good '
            'build. Fix the content and save: this page reloads by itself.</p></div>')


def warnings_overlay(warnings: list[Diagnostic]) -> str:
    """The editorial warnings of a good build, folded away under one line."""
    items = "".join(f"<li>{escape(d.format())}</li>" for d in warnings)
    count = f'{len(warnings)} editorial warning{"s" * (len(warnings) != 1)}'
    return (f'<details id="briefing-warnings"><summary>{count}: the site builds, but '
            f'<code>briefing check --strict</code> (as run on a pull request) fails on '
            f'{"them" if len(warnings) != 1 else "it"}</summary><ol>{items}</ol></details>')


def inject(html: bytes, version: int, errors: list[Diagnostic],
           warnings: list[Diagnostic] | None = None) -> bytes:
    """Add the reload script (and the errors or warnings) to a page, before </body>."""
    extra = _shown(tuple(errors), tuple(warnings or ()))
    extra += f'<script src="{SERVER_PREFIX}reload.js" data-version="{version}"></script>'
    text = html.decode("utf-8")
    at = text.rfind("</body>")
    if at < 0:
        return (text + extra).encode("utf-8")
    return (text[:at] + extra + text[at:]).encode("utf-8")


@lru_cache(maxsize=4)
def _shown(errors: tuple[Diagnostic, ...], warnings: tuple[Diagnostic, ...]) -> str:
    """The overlay and its style sheet, made once for every page served with the same
    problems (a site's editorial warnings can be hundreds of lines)."""
    shown = overlay(list(errors)) if errors else warnings_overlay(list(warnings)) \
        if warnings else ""
    return f'<link rel="stylesheet" href="{SERVER_PREFIX}overlay.css">{shown}' if shown else ""
