"""The templates and static files a site is rendered with: a project's own over the defaults.

The default templates ship with the generator as package data (the package `generator.templates`,
which is the repository's top-level `templates/` folder). A project's templates folder overrides
them file by file: a folder that holds one changed template, or one static file, is enough, and
every other file comes from the defaults.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.content.load import is_editor_temp

STATIC = "static"  # the folder of files copied into the site as they are
PACKAGE_FILES = ("__init__.py", "__pycache__")  # what makes the defaults a package, not theme


def default_templates() -> Path:
    """The folder of the default templates, inside the installed generator."""
    folder = importlib.resources.files("generator.templates")
    if not isinstance(folder, Path):  # a generator imported from a zip file
        raise RuntimeError("the generator must be installed as files, not in a zip archive")
    return folder


@dataclass(frozen=True)
class Theme:
    """Template folders in the order they are searched: the project's, then the defaults."""

    folders: tuple[Path, ...]

    def loader(self) -> jinja2.BaseLoader:
        return jinja2.FileSystemLoader([str(folder) for folder in self.folders])

    def files(self) -> dict[str, Path]:
        """Every file the theme is made of, by its path inside a folder (forward slashes),
        taken from the first folder that has it."""
        found: dict[str, Path] = {}
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder)
                if path.is_file() and not _ignored(rel):
                    found.setdefault(rel.as_posix(), path)
        return dict(sorted(found.items()))

    def static_files(self) -> dict[str, Path]:
        """The files of the static folder by name: copied into the site as assets."""
        prefix = f"{STATIC}/"
        return {rel[len(prefix):]: path for rel, path in self.files().items()
                if rel.startswith(prefix) and "/" not in rel[len(prefix):]}


def _ignored(rel: Path) -> bool:
    return any(part in PACKAGE_FILES for part in rel.parts) or is_editor_temp(rel.name)


def theme(templates_dir: Path | str | None) -> Theme:
    """The theme of a project whose own templates are in templates_dir (None: none of its own)."""
    defaults = default_templates()
    if templates_dir is None:
        return Theme((defaults,))
    folder = Path(templates_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"templates folder not found: {folder}")
    if folder.resolve() == defaults.resolve():
        return Theme((defaults,))
    return Theme((folder, defaults))
