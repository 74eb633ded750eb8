"""`briefing init`: a new briefing project that builds and passes `briefing check --strict`.

The files come from the starter folder beside this module (an example briefing in content/,
netlify.toml, the pull-request workflow, editor settings, a README); the JSON Schemas from the
installed generator; requirements.txt names where this Briefing was installed from.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
from pathlib import Path

from generator import __version__

# Names kept without a leading dot in the package (package data skips hidden files), and
# given theirs in the new project.
DOTTED = {"gitignore": ".gitignore", "github": ".github", "vscode": ".vscode"}
DISTRIBUTION = "briefing"


def starter() -> Path:
    folder = importlib.resources.files("generator.authoring") / "starter"
    if not isinstance(folder, Path):
        raise RuntimeError("the generator must be installed as files, not in a zip archive")
    return folder


def project_files() -> dict[str, bytes]:
    """Every file of a new project, by its path inside the project folder."""
    root = starter()
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = list(path.relative_to(root).parts)
            parts[0] = DOTTED.get(parts[0], parts[0])
            files["/".join(parts)] = path.read_bytes()
    schemas = importlib.resources.files("generator.schemas")
    for schema in sorted(schemas.iterdir(), key=lambda p: p.name):
        if schema.name.endswith(".schema.json"):
            files[f"schemas/{schema.name}"] = schema.read_bytes()
    files["requirements.txt"] = requirements().encode("utf-8")
    return dict(sorted(files.items()))


def requirements() -> str:
    """requirements.txt: Briefing from where this copy was installed from, if pip recorded a
    place another machine can reach (a VCS or an archive URL); else an explanation of what to
    write. Never 'briefing==version': on PyPI that name belongs to another project."""
    origin = _origin()
    header = ("# Where CI and Netlify install Briefing from. Name a place they can reach: a git\n"
              "# URL with a tag (briefing @ git+https://.../briefing.git@v1.0), or an archive URL.\n"
              "# Not 'briefing==...': on PyPI that name is another project.\n")
    if origin is None:
        return header + f"# This project was made with Briefing {__version__}, installed from a " \
            "local folder:\n# write the line for it here.\n"
    return header + f"briefing @ {origin}\n"


def _origin() -> str | None:
    """Where pip installed this Briefing from, as a PEP 508 URL, if another machine could
    reach it (PEP 610's direct_url.json)."""
    try:
        text = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    info = json.loads(text)
    url = str(info.get("url", ""))
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        return f"{vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}"
    if "archive_info" in info and not url.startswith("file:"):
        return url
    return None


def init(folder: Path) -> list[Path]:
    """Make a new project in folder, which must not exist or be empty; the files written."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; choose a new folder")
    written = []
    for rel, data in project_files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
