"""The file formats editors write, declared once.

The same declarations check YAML (`coerce`) and produce JSON Schema for editors
(`json_schema`), so the two cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Union

from generator.diagnostics import Diagnostic, Loc, error
from generator.content.yamlio import YMap, YNode, YScalar, YSeq

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"  # ASCII digits: \\d takes any script's
DATE_RE = re.compile(DATE_PATTERN)
_ANY_DIGITS_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# http(s) only, and nothing that could end an HTML attribute or hide in one
URL_PATTERN = r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f]+$"
URL_RE = re.compile(URL_PATTERN)
# the published site's address: http(s), a host (a name in ASCII, or an IP address), an optional
# port and a path of URL characters; no user name, query or fragment
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
BASE_URL_PATTERN = (rf"^https?://(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{{1,5}})?"
                    r"(?:/(?:[A-Za-z0-9._~!$&()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?$")
# a BCP 47 language tag (RFC 5646): a language of two or three letters (the registry has no
# longer ones), then script, region, variants, extensions and private use, each optional; or
# private use alone
LANGUAGE_PATTERN = (r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}"
                    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
                    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
                    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
                    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$")


@dataclass(frozen=True)
class Text:
    """Plain text on one line (or Markdown when `markdown` is set)."""

    markdown: bool = False
    inline: bool = True
    one_of: tuple[str, ...] = ()
    pattern: str = ""
    what: str = "text"


@dataclass(frozen=True)
class ListOf:
    item: "Spec"
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """A map whose keys come from a fixed vocabulary."""

    keys: tuple[str, ...]
    value: "Spec"
    what: str = "key"


@dataclass(frozen=True)
class Field:
    name: str
    spec: "Spec"
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Obj:
    name: str
    fields: tuple[Field, ...]
    doc: str = ""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


Spec = Union[Text, ListOf, MapOf, Obj]

PLAIN = Text()
MARKDOWN = Text(markdown=True, inline=False, what="Markdown")
INLINE = Text(markdown=True, what="inline Markdown")
ID = Text(pattern=ID_PATTERN, what="an id (lower-case letters, digits and hyphens)")
DATE = Text(pattern=DATE_PATTERN, what="a date written YYYY-MM-DD, YYYY-MM or YYYY")
URL = Text(pattern=URL_PATTERN, what="an http:// or https:// URL")
BASE_URL = Text(pattern=BASE_URL_PATTERN, what="an http:// or https:// URL with a host and no "
                "query or fragment, such as https://briefing.example.org/")
LANGUAGE = Text(pattern=LANGUAGE_PATTERN, what="a BCP 47 language tag such as en, en-GB or "
                "zh-Hant")

STATEMENT_KINDS = ("fact", "claim", "assessment")
COMPARISON_ASPECTS = ("facts", "framing", "emphasis", "translation", "omission")
PROFILE_KINDS = ("person", "place", "system", "organization", "event")

# Relation types: (label on the subject's page, label on the target's page).
RELATIONS: dict[str, tuple[str, str]] = {
    "member_of": ("Member of", "Members"),
    "leads": ("Leads", "Led by"),
    "part_of": ("Part of", "Includes"),
    "located_in": ("Located in", "Contains"),
    "located_at": ("Located at", "Location of"),
    "participant_in": ("Took part in", "Participants"),
    "featured_in": ("Featured in", "Featured"),
    "derived_from": ("Derived from", "Basis for"),
    "developed_by": ("Developed by", "Developed"),
    "operated_by": ("Operated by", "Operates"),
    "works_for": ("Works for", "Staff"),
    "launched_from": ("Launched from", "Launch site for"),
    "related_to": ("Related to", "Related to"),
}

CITATION = Obj("citation", (
    Field("source", ID, "Id of the article cited (its file name without .md).", True),
    Field("quote", PLAIN, "Words copied verbatim from one paragraph of that article.", True),
), "A quotation that pins a statement to one paragraph of a source article.")

STATEMENT = Obj("statement", (
    Field("text", MARKDOWN, "What the briefing states (Markdown).", True),
    Field("kind", Text(one_of=STATEMENT_KINDS), "fact (default), claim or assessment."),
    Field("by", PLAIN, "Who asserts it: a profile id or free text. Required for claims and "
          "assessments."),
    Field("as_of", DATE, "Date the statement refers to; puts it on the timeline."),
    Field("sources", ListOf(CITATION, min_items=1), "One or more citations.", True),
), "A statement with its sources.")

SITE = Obj("site", (
    Field("title", PLAIN, "Title of the briefing.", True),
    Field("subtitle", PLAIN, "One line under the title."),
    Field("language", LANGUAGE, "Language of the content, a BCP 47 tag, e.g. en or en-GB."),
    Field("base_url", BASE_URL, "Absolute URL the site is published at (optional)."),
    Field("bottom_line", STATEMENT, "The briefing's bottom line in one sentence.", True),
    Field("key_judgments", ListOf(STATEMENT, min_items=1), "Three to five key judgments.", True),
    Field("alias_owners", MapOf((), ID, "alias"), "Which profile or term an alias shared by "
          "several of them links to."),
), "content/site.yaml")

ARTICLE = Obj("article", (
    Field("title", PLAIN, "Headline of the article.", True),
    Field("publisher", PLAIN, "Who published it, e.g. AFP & Reuters.", True),
    Field("short_name", PLAIN, "Short label for citation links, e.g. AP."),
    Field("published", DATE, "Publication date.", True),
    Field("dateline", PLAIN, "Where the story was filed from."),
    Field("byline", PLAIN, "Author(s)."),
    Field("url", URL, "Link to the original."),
    Field("accessed", DATE, "When the original was read."),
), "Front matter of content/articles/<id>.md")

_COMMON_PROFILE_FIELDS = (
    Field("name", PLAIN, "Display name.", True),
    Field("aliases", ListOf(PLAIN), "Other names used in the articles; linked like the name."),
    Field("summary", MARKDOWN, "A short paragraph (Markdown).", True),
    Field("facts", ListOf(STATEMENT), "Statements about this entry, each with sources."),
    Field("relations", MapOf(tuple(RELATIONS), ListOf(ID), "relation type"),
          "Typed links to other profiles: relation type -> list of profile ids."),
)

KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "person": (
        Field("role", INLINE, "Position or role."),
        Field("affiliation", INLINE, "Organization or government."),
        Field("nationality", INLINE, "Nationality."),
        Field("side", PLAIN, "Group on the home page, e.g. North Korea, Russia."),
    ),
    "place": (
        Field("type", INLINE, "What kind of place."),
        Field("located_in", INLINE, "Region or country."),
        Field("country", INLINE, "Country."),
    ),
    "system": (
        Field("type", INLINE, "What kind of system."),
        Field("propellant", INLINE, "Propellant, for rockets and missiles."),
        Field("developer", INLINE, "Who developed it."),
        Field("status", INLINE, "Development or service status."),
        Field("range", INLINE, "Range or reach."),
    ),
    "organization": (
        Field("type", INLINE, "What kind of organization."),
        Field("country", INLINE, "Country."),
        Field("headquarters", INLINE, "Seat or headquarters."),
    ),
    "event": (
        Field("date", DATE, "When it happened, as precisely as the sources allow.", True),
        Field("end_date", DATE, "Last day, for events that lasted several days."),
        Field("date_note", PLAIN, "How precise the date is, or why."),
        Field("place", INLINE, "Where it happened."),
        Field("participants", ListOf(INLINE), "Who took part."),
        Field("outcome", INLINE, "What came of it."),
    ),
}

PROFILES: dict[str, Obj] = {
    kind: Obj(kind, _COMMON_PROFILE_FIELDS + fields, f"content/profiles/{kind}/<id>.yaml")
    for kind, fields in KIND_FIELDS.items()
}

TERM = Obj("term", (
    Field("id", ID, "Id used in [[id]] links and the glossary anchor.", True),
    Field("term", PLAIN, "The term as it is best known.", True),
    Field("aliases", ListOf(PLAIN), "Plural and abbreviated forms as they appear in text."),
    Field("short", PLAIN, "One line for the tooltip.", True),
    Field("definition", MARKDOWN, "The full definition (Markdown).", True),
    Field("sources", ListOf(CITATION), "Where the articles use the term."),
), "An entry of content/glossary.yaml")

ACCOUNT = Obj("account", (
    Field("source", ID, "Id of the article.", True),
    Field("quote", PLAIN, "What it says, verbatim.", True),
    Field("says", MARKDOWN, "Optional summary of its account."),
), "What one source says on the point.")

COMPARISON = Obj("comparison", (
    Field("id", ID, "Id and anchor of the point.", True),
    Field("topic", PLAIN, "The question the sources answer differently.", True),
    Field("aspect", Text(one_of=COMPARISON_ASPECTS), "facts, framing, emphasis, translation or "
          "omission.", True),
    Field("accounts", ListOf(ACCOUNT, min_items=2), "What each source says.", True),
    Field("note", MARKDOWN, "A neutral editor's note.", True),
), "An entry of content/comparisons.yaml")


class Record(dict[str, Any]):
    """A checked object: its values plus where it and each of its fields were written."""

    def __init__(self, values: dict[str, Any], loc: Loc, field_locs: dict[str, Loc]) -> None:
        super().__init__(values)
        self.loc = loc
        self.field_locs = field_locs

    def loc_of(self, name: str) -> Loc:
        return self.field_locs.get(name, self.loc)


@dataclass(frozen=True)
class Md:
    """Markdown written in a YAML field, with where it starts."""

    source: str
    loc: Loc
    block: bool = False  # a YAML block scalar (| or >): the text starts on the next line
    quoted: bool = False  # a quoted YAML scalar: escapes such as \n are not line breaks

    def loc_at(self, offset: int) -> Loc:
        """Best position in the file of a character of the source."""
        before = self.source[:offset]
        newlines = before.count("\n")
        if self.block:
            return Loc(self.loc.path, self.loc.line + 1 + newlines, 1)
        if self.quoted:
            return Loc(self.loc.path, self.loc.line, self.loc.col + (0 if newlines else 1 + offset))
        if newlines == 0:
            return Loc(self.loc.path, self.loc.line, self.loc.col + offset)
        return Loc(self.loc.path, self.loc.line + newlines, 1)


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a map"
    if isinstance(node, YSeq):
        return "a list"
    return f"'{node.text}'"


@dataclass
class Coercer:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.diagnostics.append(error(loc, code, message))

    def coerce(self, node: YNode, spec: Spec, where: str) -> Any:
        if isinstance(spec, Text):
            return self._text(node, spec, where)
        if isinstance(spec, ListOf):
            return self._list(node, spec, where)
        if isinstance(spec, MapOf):
            return self._map(node, spec, where)
        return self.record(node, spec, where)

    def _text(self, node: YNode, spec: Text, where: str) -> Any:
        if not isinstance(node, YScalar):
            self.fail(node.loc, "type", f"{where} must be {spec.what}, not {_describe(node)}")
            return None
        if is_blank(node.text):  # an empty field is absent: this is an item or a map value
            self.fail(node.loc, "value", f"{where} is empty; write it or remove it")
            return None
        value = node.text.strip() if not spec.markdown or spec.inline else node.text
        if spec.one_of and value not in spec.one_of:
            self.fail(node.loc, "value", f"{where} must be one of {', '.join(spec.one_of)}, "
                      f"not '{value}'")
            return None
        if spec.pattern == DATE_PATTERN and not value.isascii() \
                and _ANY_DIGITS_DATE.fullmatch(value):
            self.fail(node.loc, "value", f"{where} must be written with the digits 0 to 9, "
                      f"not '{value}'")
            return None
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            self.fail(node.loc, "value", f"{where} must be {spec.what}, not '{value}'")
            return None
        if spec.pattern == DATE_PATTERN and not _valid_date(value):
            self.fail(node.loc, "value", f"{where}: '{value}' is not a real date")
            return None
        if spec.markdown:
            return Md(value, node.loc, block=node.block,
                      quoted=not node.plain and not node.block)
        return value

    def _list(self, node: YNode, spec: ListOf, where: str) -> list[Any] | None:
        if not isinstance(node, YSeq):
            self.fail(node.loc, "type", f"{where} must be a list, not {_describe(node)}")
            return None
        if len(node.items) < spec.min_items:
            self.fail(node.loc, "missing", f"{where} needs at least {spec.min_items} "
                      f"item{'s' if spec.min_items != 1 else ''}")
        values = [self.coerce(item, spec.item, f"an item of {where}") for item in node.items]
        return [value for value in values if value is not None]

    def _map(self, node: YNode, spec: MapOf, where: str) -> dict[str, Any] | None:
        if not isinstance(node, YMap):
            self.fail(node.loc, "type", f"{where} must be a map, not {_describe(node)}")
            return None
        result: dict[str, Any] = {}
        for key, value in node.entries.items():
            if spec.keys and key not in spec.keys:
                self.fail(node.key_locs[key], "unknown-field",
                          f"unknown {spec.what} '{key}' in {where}; use one of "
                          f"{', '.join(spec.keys)}")
                continue
            coerced = self.coerce(value, spec.value, f"{where}.{key}")
            if coerced is not None:
                result[key] = coerced
        return result

    def record(self, node: YNode | None, spec: Obj, where: str) -> Record | None:
        if not isinstance(node, YMap):
            loc = node.loc if node is not None else Loc(where)
            self.fail(loc, "type", f"{where} must be a map of fields ({spec.name})"
                      + (f", not {_describe(node)}" if node is not None else ""))
            return None
        values: dict[str, Any] = {}
        empty: set[str] = set()
        ok = True
        for key, value in node.entries.items():
            fld = spec.field(key)
            if fld is None:
                close = _closest(key, [f.name for f in spec.fields])
                hint = f"; did you mean '{close}'?" if close else \
                    f"; known fields: {', '.join(f.name for f in spec.fields)}"
                self.fail(node.key_locs[key], "unknown-field",
                          f"unknown field '{key}' in {spec.name}{hint}")
                continue
            if isinstance(value, YScalar) and (value.is_null or is_blank(value.text)):
                empty.add(key)
                continue
            coerced = self.coerce(value, fld.spec, f"'{key}'")
            if coerced is None:
                ok = False
            else:
                values[key] = coerced
        for fld in spec.fields:
            if not fld.required or fld.name in values:
                continue
            ok = False
            if fld.name not in node.entries:
                self.fail(node.loc, "missing-field", f"{spec.name} is missing the required "
                          f"field '{fld.name}' ({fld.doc})")
            elif fld.name in empty:
                self.fail(node.key_locs[fld.name], "missing-field",
                          f"required field '{fld.name}' is empty ({fld.doc})")
        if not ok:
            return None
        return Record(values, node.loc, dict(node.key_locs))


def is_blank(text: str) -> bool:
    """True for text that shows nothing: empty, spaces, or only invisible characters (format
    controls such as a zero-width space)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def _valid_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return matches[0] if matches else None


def json_schema(spec: Spec) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a spec."""
    if isinstance(spec, Text):
        schema: dict[str, Any] = {"type": "string"}
        if spec.one_of:
            schema["enum"] = list(spec.one_of)
        if spec.pattern:
            schema["pattern"] = spec.pattern
        return schema
    if isinstance(spec, ListOf):
        schema = {"type": "array", "items": json_schema(spec.item)}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        return schema
    if isinstance(spec, MapOf):
        schema = {"type": "object", "additionalProperties": json_schema(spec.value)}
        if spec.keys:
            schema["propertyNames"] = {"enum": list(spec.keys)}
        return schema
    return {
        "type": "object",
        "description": spec.doc,
        "properties": {f.name: {**json_schema(f.spec), "description": f.doc} for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }
