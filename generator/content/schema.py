"""The file formats editors write, declared once.

The same declarations check YAML (coerce.py) and produce JSON Schema for editors
(jsonschema.py), so the two cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Union

from generator.diagnostics import Loc
from generator.content.scalarpos import readings

# Patterns mean the same in Python and as ECMA-262 regular expressions with the u flag (JSON
# Schema's dialect, what editors run): no escapes ECMA refuses, no classes such as \s that
# differ between the two.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
# latitude, longitude in decimal degrees (north and east positive): "43.12, 131.89"
COORDINATES_PATTERN = r"^-?[0-9]{1,2}(?:\.[0-9]+)?, ?-?[0-9]{1,3}(?:\.[0-9]+)?$"
# http(s) only, and nothing that could end an HTML attribute or hide in one: no control
# characters, spaces of any kind, quotes, backticks, angle brackets or backslashes
URL_PATTERN = (r"^https?://[^\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
               r"\u205f\u3000\ufeff<>\x22\x27`\\]+$")
ANY_DIGITS_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # \d: the digits of any script
# the published site's address: http(s), a host (a name in ASCII, or an IP address), an optional
# port and a path of URL characters; no user name, query or fragment
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
BASE_URL_PATTERN = (rf"^https?://(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])"
                    r"(?::[0-9]{1,5})?(?:/(?:[A-Za-z0-9._~!$&()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?$")
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
class Flag:
    """true or false."""

    what: str = "true or false"


@dataclass(frozen=True)
class Sourced:
    """A typed profile field: its value alone, or the long form {value, sources} (cited) or
    {value, background: true} (the editors' own knowledge)."""

    value: "Spec"


@dataclass(frozen=True)
class Field:
    name: str
    spec: "Spec"
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Rule:
    """Fields that must be given (`require`) or left out (`refuse`) when another field has one
    of some values (`default` is its value when it is left out). A rule with `loader` False
    is declared for the editors' schemas only: another stage checks it (validate.py)."""

    field: str
    values: tuple[str | bool, ...]
    default: str | bool | None
    message: str
    require: tuple[str, ...] = ()
    refuse: tuple[str, ...] = ()
    loader: bool = True

    def applies(self, values: dict[str, Any]) -> bool:
        return values.get(self.field, self.default) in self.values


@dataclass(frozen=True)
class Obj:
    name: str
    fields: tuple[Field, ...]
    doc: str = ""
    rules: tuple[Rule, ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


Spec = Union[Text, Flag, Sourced, ListOf, MapOf, Obj]

PLAIN = Text()
MARKDOWN = Text(markdown=True, inline=False, what="Markdown")
INLINE = Text(markdown=True, what="inline Markdown")
ID = Text(pattern=ID_PATTERN, what="an id (lower-case letters, digits and hyphens)")
DATE = Text(pattern=DATE_PATTERN, what="a date written YYYY-MM-DD, YYYY-MM or YYYY")
URL = Text(pattern=URL_PATTERN, what="an http:// or https:// URL")
COORDINATES = Text(pattern=COORDINATES_PATTERN, what="latitude and longitude in decimal degrees, "
                   "north and east positive, e.g. '43.12, 131.89'")
BASE_URL = Text(pattern=BASE_URL_PATTERN, what="an http:// or https:// URL with a host and no "
                "query or fragment, such as https://briefing.example.org/")
LANGUAGE = Text(pattern=LANGUAGE_PATTERN, what="a BCP 47 language tag such as en, en-GB or "
                "zh-Hant")
FLAG = Flag()

STATEMENT_KINDS = ("fact", "claim", "assessment", "background")
SOURCED_KINDS = ("fact", "claim", "assessment")  # the kinds that rest on the articles
CONFIDENCE_LEVELS = ("low", "moderate", "high")
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

REFERENCE = Obj("reference", (
    Field("title", PLAIN, "Title of the work outside the briefing.", True),
    Field("url", URL, "Where to read it (optional)."),
), "A work outside the briefing that background rests on.")

def long_form(value: Spec, name: str = "long form") -> Obj:
    """The long form of a typed field whose value has the given spec."""
    return Obj(name, (
        Field("value", value, "The value itself.", True),
        Field("sources", ListOf(CITATION, min_items=1), "Citations the value rests on."),
        Field("background", FLAG, "true if the value is the editors' own knowledge, not "
              "the articles'."),
        Field("reference", REFERENCE, "For a background value: a work outside the briefing "
              "it rests on (title, url)."),
    ), "A typed field with what it rests on: {value, sources} or {value, background: true}.", (
        Rule("background", (False,), False, "the long form needs 'sources' (the value cites "
             "the articles) or 'background: true' (the editors know it from elsewhere)",
             require=("sources",)),
        Rule("background", (True,), False, "a background value has no 'sources': remove them, "
             "or remove 'background: true'", refuse=("sources",)),
        Rule("background", (False,), False, "'reference' belongs to background values only: "
             "add 'background: true' or remove the reference", refuse=("reference",)),
    ))


_STATEMENT_FIELDS = (
    Field("text", MARKDOWN, "What the briefing states (Markdown).", True),
    Field("kind", Text(one_of=STATEMENT_KINDS), "fact (default), claim, assessment or "
          "background (what the editors know that the sources do not say)."),
    Field("by", PLAIN, "Who asserts it: a profile id or free text. Required for claims and "
          "assessments."),
    Field("confidence", Text(one_of=CONFIDENCE_LEVELS), "How firmly an assessment is held: "
          "low, moderate or high. Required for assessments, for them only."),
    Field("as_of", DATE, "Date the statement refers to; puts it on the timeline."),
    Field("sources", ListOf(CITATION, min_items=1), "One or more citations; every kind but "
          "background needs them."),
    Field("reference", REFERENCE, "For background only: a work outside the briefing it rests "
          "on (title, url)."),
)
_STATEMENT_RULES = (
    Rule("kind", SOURCED_KINDS, "fact", "'sources' is required: a fact, claim or assessment "
         "cites one or more articles (only background has none)", require=("sources",)),
    Rule("kind", ("assessment",), "fact", "an assessment needs 'confidence': low, moderate "
         "or high, how firmly the judgment is held", require=("confidence",)),
    Rule("kind", ("fact", "claim", "background"), "fact", "'confidence' belongs to "
         "assessments only: make this an assessment or remove the confidence",
         refuse=("confidence",)),
    Rule("kind", ("background",), "fact", "a background statement has no 'sources': it says "
         "what the editors know beyond the articles; to cite the articles, make it a fact, "
         "claim or assessment", refuse=("sources",)),
    Rule("kind", SOURCED_KINDS, "fact", "'reference' belongs to background statements only: "
         "cite the articles with 'sources'", refuse=("reference",)),
    Rule("kind", ("claim", "assessment"), "fact", "a claim or an assessment needs 'by': who "
         "asserts it", require=("by",), loader=False),
)
STATEMENT = Obj("statement", _STATEMENT_FIELDS, "A statement with its sources.",
                _STATEMENT_RULES)
KEY_JUDGMENT = Obj("key judgment", _STATEMENT_FIELDS + (
    Field("alternative", STATEMENT, "Another view of the same question, with its own "
          "sources; shown beneath the judgment."),
), "A key judgment: a statement, optionally with an alternative view.", _STATEMENT_RULES)

SITE = Obj("site", (
    Field("title", PLAIN, "Title of the briefing.", True),
    Field("subtitle", PLAIN, "One line under the title."),
    Field("language", LANGUAGE, "Language of the content, a BCP 47 tag, e.g. en or en-GB."),
    Field("base_url", BASE_URL, "Absolute URL the site is published at (optional)."),
    Field("bottom_line", STATEMENT, "The briefing's bottom line in one sentence.", True),
    Field("key_judgments", ListOf(KEY_JUDGMENT, min_items=1), "The key judgments: one or "
          "more, usually three to five.", True),
    Field("gaps", ListOf(STATEMENT), "What the sources do not tell us, each a statement."),
    Field("indicators", ListOf(STATEMENT), "What to watch next, each a statement."),
    Field("event", ID, "Id of the event profile the briefing is about: its date, place, "
          "participants and outcome head the home page, and the timeline marks it."),
    Field("editors", PLAIN, "How 'by' names the briefing's own editors (default: Briefing "
          "editors); their assessments read \"We assess ...\"."),
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
    Field("aliases", ListOf(PLAIN), "Other names readers know it by, as the articles write "
          "them; linked like the name and shown as 'Also called'."),
    Field("variants", ListOf(PLAIN), "Other forms of the name or an alias that the articles "
          "use (plurals, other capitals, possessives); linked like the name, never listed."),
    Field("summary", MARKDOWN, "A short paragraph (Markdown).", True),
    Field("facts", ListOf(STATEMENT), "Statements about this entry, each with sources."),
    Field("relations", MapOf(tuple(RELATIONS), ListOf(ID), "relation type"),
          "Typed links to other profiles: relation type -> list of profile ids."),
)

def _typed(name: str, spec: Spec, doc: str, required: bool = False) -> Field:
    """A typed field: a claim about the entry, so it either cites or is background."""
    return Field(name, Sourced(spec), doc, required)


KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "person": (
        _typed("role", INLINE, "Position or role."),
        _typed("affiliation", INLINE, "Organization or government."),
        _typed("nationality", INLINE, "Nationality."),
        Field("side", PLAIN, "Group on the home page, e.g. North Korea, Russia."),
    ),
    "place": (
        _typed("type", INLINE, "What kind of place."),
        _typed("located_in", INLINE, "Region or country."),
        _typed("country", INLINE, "Country."),
        _typed("coordinates", COORDINATES, "Where it is: latitude, longitude in decimal degrees "
               "(north and east positive), e.g. '43.12, 131.89'; puts it on the maps."),
    ),
    "system": (
        _typed("type", INLINE, "What kind of system."),
        _typed("propellant", INLINE, "Propellant, for rockets and missiles."),
        _typed("developer", INLINE, "Who developed it."),
        _typed("status", INLINE, "Development or service status."),
        _typed("range", INLINE, "Range or reach."),
    ),
    "organization": (
        _typed("type", INLINE, "What kind of organization."),
        _typed("country", INLINE, "Country."),
        _typed("headquarters", INLINE, "Seat or headquarters."),
    ),
    "event": (
        _typed("date", DATE, "When it happened, as precisely as the sources allow.", True),
        _typed("end_date", DATE, "Last day, for events that lasted several days."),
        Field("date_note", PLAIN, "How precise the date is, or why."),
        _typed("place", INLINE, "Where it happened."),
        _typed("participants", ListOf(INLINE), "Who took part."),
        _typed("outcome", INLINE, "What came of it."),
    ),
}

PROFILES: dict[str, Obj] = {
    kind: Obj(kind, _COMMON_PROFILE_FIELDS + fields, f"content/profiles/{kind}/<id>.yaml")
    for kind, fields in KIND_FIELDS.items()
}

TERM = Obj("term", (
    Field("id", ID, "Id used in [[id]] links and the glossary anchor.", True),
    Field("term", PLAIN, "The term as it is best known.", True),
    Field("aliases", ListOf(PLAIN), "Other names readers know the term by (an abbreviation, "
          "another name), as the articles write them; shown as 'Also called'."),
    Field("variants", ListOf(PLAIN), "Other forms of the term or an alias that the articles "
          "use (plurals, other capitals); linked like the term, never listed."),
    Field("short", PLAIN, "One line for the tooltip.", True),
    Field("definition", MARKDOWN, "The full definition (Markdown).", True),
    Field("sources", ListOf(CITATION), "Where the articles use or explain the term."),
    Field("background", FLAG, "true if the definition is the editors' own knowledge rather "
          "than the articles'."),
    Field("reference", REFERENCE, "For a background definition: a work outside the briefing "
          "it rests on (title, url)."),
), "An entry of content/glossary.yaml", (
    Rule("background", (False,), False, "'reference' belongs to background definitions only: "
         "add 'background: true' or remove the reference", refuse=("reference",)),
))

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


@dataclass(frozen=True)
class Md:
    """Markdown written in a YAML field, with where it starts."""

    source: str
    loc: Loc  # where the scalar starts in the file (its quote or block indicator, if any)
    raw: str = ""  # the scalar as written, when that differs from the source (see yamlio)
    style: str = ""  # the scalar's YAML style: '' plain, a quote, '|' or '>'
    lead: int = 0  # characters of the value stripped from the start of the source

    def loc_at(self, offset: int) -> Loc:
        """Where in the file the character at `offset` of the source was written."""
        if not self.raw:  # written as it reads
            return Loc(self.loc.path, self.loc.line, self.loc.col + self.lead + offset)
        index = self._raw_index(offset)
        if index is None:  # the source could not be read again: the start of the value
            return self.loc
        before = self.raw[:index]
        newlines = before.count("\n")
        if not newlines:
            return Loc(self.loc.path, self.loc.line, self.loc.col + index)
        return Loc(self.loc.path, self.loc.line + newlines, index - before.rindex("\n"))

    def _raw_index(self, offset: int) -> int | None:
        for value, indexes in readings(self.raw, self.style):
            if value[self.lead:self.lead + len(self.source)] != self.source:
                continue
            at = self.lead + max(0, offset)
            if at < len(indexes):
                return indexes[at]
            return indexes[-1] + 1 if indexes else None
        return None


def parse_coordinates(value: str) -> tuple[float, float] | None:
    """(latitude, longitude) of coordinates as written, or None if off the Earth."""
    lat, lon = (float(part) for part in value.split(","))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def is_blank(text: str) -> bool:
    """True for text that shows nothing: empty, spaces, or only invisible characters (format
    controls such as a zero-width space)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)
