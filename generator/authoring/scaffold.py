"""`briefing new` and `briefing schemas`: files for editors, made from the declared formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.content import schema
from generator.content.jsonschema import json_schema
from generator.content.schema import Field, ListOf, MapOf, Obj, Sourced, Text

# What a scaffold writes where only the editor can say what belongs: left as it is, each is an
# editorial warning (lint.placeholders), so `check --strict` stops it from being published.
PUBLISHER = "Publisher name"
BODY = ("The article's text, copied verbatim, one paragraph per block.",
        "A section heading, where the original has a break", "More paragraphs.")
_PLACEHOLDER = re.compile("|".join([re.escape(PUBLISHER), *map(re.escape, BODY),
                                    r"What the sources say .+ is\.",
                                    r"One line on .+, shown as a tooltip\."]))


def is_placeholder(text: str) -> bool:
    """True for a text as a scaffold wrote it (typographic apostrophes count as straight)."""
    return _PLACEHOLDER.fullmatch(text.strip().replace("\u2019", "'")) is not None


SCHEMA_FILES: dict[str, dict[str, object]] = {
    "site.schema.json": json_schema(schema.SITE),
    "article.schema.json": json_schema(schema.ARTICLE),
    "glossary.schema.json": json_schema(ListOf(schema.TERM)),
    "comparisons.schema.json": json_schema(ListOf(schema.COMPARISON)),
    **{f"{kind}.schema.json": json_schema(spec) for kind, spec in schema.PROFILES.items()},
}


def schema_documents() -> dict[str, str]:
    """Every JSON Schema file, as text, keyed by file name."""
    documents = {}
    for name, body in SCHEMA_FILES.items():
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                    "title": f"Briefing {name.removesuffix('.schema.json')}", **body}
        documents[name] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return documents


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _example(fld: Field, item_id: str, name: str) -> str:
    """A valid value for a required field."""
    if fld.name in ("name", "term", "title"):
        return json.dumps(name, ensure_ascii=False)
    if fld.name == "id":
        return item_id
    if fld.spec in (schema.DATE, Sourced(schema.DATE)):
        return "2023-09-13"
    if fld.name == "publisher":
        return PUBLISHER
    if fld.name == "short":
        return json.dumps(f"One line on {name}, shown as a tooltip.")
    return json.dumps(f"What the sources say {name} is.")


def _lines(spec: Obj, item_id: str, name: str, indent: str = "") -> list[str]:
    lines = []
    for fld in spec.fields:
        if fld.required:
            lines.append(f"{indent}{fld.name}: {_example(fld, item_id, name)}  # {fld.doc}")
            continue
        if isinstance(fld.spec, ListOf) and isinstance(fld.spec.item, Obj):
            lines.append(f"{indent}# {fld.name}:  # {fld.doc}")
            item = fld.spec.item
            first = True
            for sub in item.fields:
                prefix = "#   - " if first else "#     "
                value = "" if isinstance(sub.spec, ListOf) else " ..."
                lines.append(f"{indent}{prefix}{sub.name}:{value}  # {sub.doc}")
                if sub.spec == ListOf(schema.CITATION, min_items=1):
                    lines.append(f'{indent}#       - {{source: article-id, quote: "words copied '
                                 'from one paragraph"}')
                first = False
        elif isinstance(fld.spec, MapOf):
            keys = ", ".join(fld.spec.keys) if fld.spec.keys else "..."
            lines.append(f"{indent}# {fld.name}:  # {fld.doc}")
            lines.append(f"{indent}#   <one of: {keys}>: [other-id, ...]")
        elif isinstance(fld.spec, Sourced):
            lines.append(f"{indent}# {fld.name}:  # {fld.doc} Cite it as {{value: ..., sources: "
                         "[...]}, or write {value: ..., background: true} if it is not from the "
                         "articles")
        elif isinstance(fld.spec, ListOf):
            lines.append(f"{indent}# {fld.name}: []  # {fld.doc}")
        else:
            hint = f" ({', '.join(fld.spec.one_of)})" if isinstance(fld.spec, Text) and \
                fld.spec.one_of else ""
            lines.append(f"{indent}# {fld.name}:  # {fld.doc}{hint}")
    return lines


def scaffold(kind: str, item_id: str) -> tuple[str, str]:
    """(path inside content/, text) of a new, valid file with every field explained."""
    name = item_id.replace("-", " ").title()
    if kind in schema.PROFILES:
        spec = schema.PROFILES[kind]
        header = [f"# yaml-language-server: $schema=../../../schemas/{kind}.schema.json",
                  f"# A{'n' if kind[0] in 'aeiou' else ''} {kind} profile. Fields starting with # "
                  "are optional: remove the # to use them."]
        return f"profiles/{kind}/{item_id}.yaml", "\n".join(header + _lines(spec, item_id, name)) + "\n"
    if kind == "article":
        front = _lines(schema.ARTICLE, item_id, name)
        body = f"{BODY[0]}\n\n## {BODY[1]}\n\n{BODY[2]}\n"
        return f"articles/{item_id}.md", "---\n" + "\n".join(front) + "\n---\n\n" + body
    if kind == "term":
        lines = _lines(schema.TERM, item_id, name, "  ")
        lines[0] = "- " + lines[0][2:]
        return "glossary.yaml", "\n".join(lines) + "\n"
    raise ValueError(f"unknown kind '{kind}'")


def create(content_dir: Path, kind: str, item_id: str) -> Path:
    """Write the scaffold; refuse to overwrite anything or to reuse an id."""
    if not schema.ID_RE.match(item_id):
        raise ValueError(f"'{item_id}' is not a valid id: use lower-case letters, digits and "
                         "single hyphens (e.g. kim-jong-un)")
    existing = [p for p in content_dir.glob("**/*") if p.stem == item_id and p.is_file()]
    if existing:
        raise FileExistsError(f"{existing[0]} already exists; choose another id")
    rel, text = scaffold(kind, item_id)
    path = content_dir / rel
    if kind == "term":
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if re.search(rf"^\s*-?\s*id:\s*{re.escape(item_id)}\s*(#.*)?$", current, re.M):
            raise FileExistsError(f"{path} already has a term with id '{item_id}'")
        separator = "" if not current or current.endswith("\n") else "\n"
        path.write_text(current + separator + text, encoding="utf-8")
        return path
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
