"""The bad input catalogue: one named case per kind of bad input, with the exact errors it gives.

Each case changes a copy of the fixture briefing (or of the templates); the build must print exactly the listed
errors and leave the previously built site byte for byte as it was, with nothing left over.
docs/catalogue.md lists the same cases under "Bad input catalogue", and the editorial warnings
(what `check --strict` fails on) under "Editorial warnings"; after changing a case, regenerate
it with `BRIEFING_UPDATE_CATALOGUE=1 pytest tests/test_catalogue.py` and review it.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from generator import cli
from generator.authoring.scaffold import create
from generator.build import DEFAULT_TEMPLATES, build, check
from generator.content.files import MAX_FILE_BYTES
from tests.conftest import REPO, snapshot

Edit = Callable[[Path], None]


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(content: Path) -> None:
        text = (content / rel).read_text(encoding="utf-8")
        assert old in text, (rel, old)
        (content / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def truncate_after_front_matter(rel: str) -> Edit:
    def edit(content: Path) -> None:
        text = (content / rel).read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + len("\n---\n")
        (content / rel).write_text(text[:end] + "\n", encoding="utf-8")
    return edit


def append(rel: str, text: str) -> Edit:
    def edit(content: Path) -> None:
        with (content / rel).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return edit


def write(rel: str, data: str | bytes) -> Edit:
    def edit(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(data.encode() if isinstance(data, str) else data)
    return edit


def replace_bytes(rel: str, old: str, new: bytes) -> Edit:
    """Like replace, for bytes that are not UTF-8."""
    def edit(content: Path) -> None:
        data = (content / rel).read_bytes()
        assert old.encode() in data, (rel, old)
        (content / rel).write_bytes(data.replace(old.encode(), new, 1))
    return edit


def copy(rel: str, to: str) -> Edit:
    def edit(content: Path) -> None:
        (content / to).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(content / rel, content / to)
    return edit


def remove(rel: str) -> Edit:
    return lambda content: (content / rel).unlink()


def symlink(rel: str, target: str) -> Edit:
    """A link at rel to target, a path relative to the folder that holds content/."""
    def edit(content: Path) -> None:
        outside = content.parent / target
        outside.parent.mkdir(parents=True, exist_ok=True)
        if (content / rel).exists():
            shutil.move(str(content / rel), outside)
        (content / rel).symlink_to(outside, target_is_directory=outside.is_dir())
    return edit


def fifo(rel: str) -> Edit:
    """A named pipe at rel: reading it would wait forever."""
    def edit(content: Path) -> None:
        os.mkfifo(content / rel)
    return edit


def nest(folder: str) -> Edit:
    """Everything in content/ moved one folder down, into content/<folder>/."""
    def edit(content: Path) -> None:
        entries = list(content.iterdir())
        (content / folder).mkdir()
        for entry in entries:
            shutil.move(str(entry), content / folder / entry.name)
    return edit


def template(name: str, first_line: str) -> Edit:
    """The default templates copied to templates/ beside content/, one of them starting with a
    line of its own."""
    def edit(content: Path) -> None:
        copied = content.parent / "templates"
        shutil.copytree(DEFAULT_TEMPLATES, copied)
        (copied / name).write_text(first_line + "\n" + (copied / name).read_text("utf-8"),
                                   encoding="utf-8")
    return edit


def both(*edits: Edit) -> Edit:
    def edit(content: Path) -> None:
        for one in edits:
            one(content)
    return edit


@dataclass(frozen=True)
class Case:
    name: str
    what: str  # the bad input, in a few words
    edit: Edit
    errors: list[str]


BASE_URL = ("content/site.yaml:4:11: error[value]: 'base_url' must be an http:// or https:// "
            "URL with a host and no query or fragment, such as https://briefing.example.org/, "
            "not '{}'")
ARTICLE = "articles/wire.md"
PERSON = "profiles/person/leader-b.yaml"
SYSTEM = "profiles/system/alpha-1.yaml"
ROLE = "role: {value: Host, background: true}"  # leader-b's typed field, as the fixture has it
ROCKET = "type: {value: Satellite launch vehicle, background: true}"
DATE = 'date: {value: 2023-09-13, sources: [{source: wire, quote: "met at the cosmodrome on Wednesday"}]}'
FRONT = "---\ntitle: Odd\npublisher: Odd Press\npublished: 2023\n---\n\n"
JOSE_NFC, JOSE_NFD = (unicodedata.normalize(form, "jos\u00e9") for form in ("NFC", "NFD"))

MARKDOWN = [
    Case("script-link-in-article", "a `javascript:` link in an article",
         append(ARTICLE, "\nSee [the source](javascript:alert(1)).\n"),
         ["content/articles/wire.md:20:18: error[unsafe-url]: unsafe URL 'javascript:alert(1)' in "
          "a link or image: only http, https, mailto and relative URLs are allowed; it is shown "
          "as plain text"]),
    Case("disguised-script-link", "a `javascript:` link disguised with an entity",
         append(ARTICLE, "\nSee [the source](&#106;avascript:alert(1)).\n"),
         ["content/articles/wire.md:20:18: error[unsafe-url]: unsafe URL 'javascript:alert(1)' in "
          "a link or image: only http, https, mailto and relative URLs are allowed; it is shown "
          "as plain text"]),
    Case("data-url-image", "an image with a `data:` URL",
         append(ARTICLE, "\n![map](data:image/svg+xml;base64,PHN2Zz4=)\n"),
         ["content/articles/wire.md:20:8: error[unsafe-url]: unsafe URL "
          "'data:image/svg+xml;base64,PHN2Zz4=' in a link or image: only http, https, mailto and "
          "relative URLs are allowed; it is shown as plain text"]),
    Case("vbscript-autolink", "a `vbscript:` autolink", append(ARTICLE, "\n<vbscript:msgbox(1)>\n"),
         ["content/articles/wire.md:20:2: error[unsafe-url]: unsafe URL 'vbscript:msgbox(1)' in a "
          "link or image: only http, https, mailto and relative URLs are allowed; it is shown as "
          "plain text"]),
    Case("script-link-reference", "a reference definition to a `javascript:` URL",
         append(ARTICLE, "\nSee [the source][src].\n\n[src]: javascript:alert(1)\n"),
         ["content/articles/wire.md:22:8: error[unsafe-url]: unsafe URL 'javascript:alert(1)' in "
          "a link or image: only http, https, mailto and relative URLs are allowed; it is shown "
          "as plain text"]),
    Case("script-link-in-field", "a `javascript:` link in a profile summary",
         replace(SYSTEM, "summary: A rocket that failed twice.",
                 "summary: A rocket that [failed](javascript:alert(1)) twice."),
         ["content/profiles/system/alpha-1.yaml:5:33: error[unsafe-url]: unsafe URL "
          "'javascript:alert(1)' in a link or image: only http, https, mailto and relative URLs "
          "are allowed; it is shown as plain text"]),
    Case("script-link-in-inline-field", "a `javascript:` link in a typed profile field",
         replace(PERSON, ROLE, "role: \"[Host](JAVASCRIPT:alert(1))\""),
         ["content/profiles/person/leader-b.yaml:2:15: error[unsafe-url]: unsafe URL "
          "'JAVASCRIPT:alert(1)' in a link or image: only http, https, mailto and relative URLs "
          "are allowed; it is shown as plain text"]),
    Case("script-link-in-quoted-field",
         "a `javascript:` link after `\\n` escapes in a quoted field",
         replace(SYSTEM, "summary: A rocket that failed twice.",
                 "summary: \"A rocket.\\n\\nIt [failed](javascript:alert(1)) twice.\""),
         ["content/profiles/system/alpha-1.yaml:5:36: error[unsafe-url]: unsafe URL "
          "'javascript:alert(1)' in a link or image: only http, https, mailto and relative URLs "
          "are allowed; it is shown as plain text"]),
    Case("block-too-long", "a paragraph of more than 10,000 characters",
         append(ARTICLE, "\n" + "word " * 2_001 + "\n"),
         ["content/articles/wire.md:20:1: error[too-long]: a block of 10,004 characters; the "
          "limit is 10,000: split it into several paragraphs"]),
    Case("nesting-too-deep", "lists nested ten deep",
         append(ARTICLE, "\n" + "".join("  " * i + "- item\n" for i in range(10))),
         ["content/articles/wire.md:29:19: error[too-deep]: lists or quotations nested too deeply "
          "(at most 9 lists or 19 quotations inside each other): the text from here on would be "
          "lost; flatten them"]),
]
YAML = [
    Case("yaml-syntax", "an unclosed `[` in YAML",
         replace(SYSTEM, ROCKET, "type: [Satellite launch vehicle"),
         ["content/profiles/system/alpha-1.yaml:2:32: error[yaml-syntax]: the '[' on line 2 is "
          "never closed; add ']' at the end of the list, or, if the brackets are part of the "
          "text, put the whole value in quotes"]),
    Case("yaml-unquoted-colon", "a colon and a space inside an unquoted value",
         replace(PERSON, ROLE, "role: Minister: defence"),
         ["content/profiles/person/leader-b.yaml:2:7: error[yaml-syntax]: the value of 'role' has "
          "': ' in it, which YAML reads as the start of a key; put the value in quotes: "
          "role: \"Minister: defence\""]),
    Case("yaml-no-space-after-colon", "a key with no space after its colon",
         replace(PERSON, ROLE, "role:Host"),
         ["content/profiles/person/leader-b.yaml:2:6: error[yaml-syntax]: 'role:Host' has no "
          "space after its ':', so YAML does not read 'role' as a key; write 'role: Host'"]),
    Case("yaml-hash-cuts-value", "a ` #` that turns the end of a value into a comment",
         replace(PERSON, ROLE, "role: Host #2"),
         ["content/profiles/person/leader-b.yaml:2:7: error[yaml-comment]: '#2' is read as a "
          "comment, so 'role' ends before it; put the whole value in quotes: role: \"Host #2\" "
          "(or, if it is a comment, put a space after the '#')"]),
    Case("yaml-hash-empties-value", "a value that starts with `#`",
         replace(PERSON, ROLE, "role: #1 host"),
         ["content/profiles/person/leader-b.yaml:2:7: error[yaml-comment]: '#1 host' is read as "
          "a comment, so 'role' is empty; put the value in quotes: role: \"#1 host\""]),
    Case("yaml-hash-in-brackets", "a `#` inside a list in brackets",
         replace(SYSTEM, "derived_from: []", "derived_from: [alpha-0, Hwasong #18]"),
         ["content/profiles/system/alpha-1.yaml:7:27: error[yaml-syntax]: ' #' starts a comment, "
          "which cuts the list in brackets short; put the item in quotes: \"Hwasong #18\""]),
    Case("yaml-tab", "a tab used for indentation", replace(PERSON, ROLE, "\trole: Host"),
         ["content/profiles/person/leader-b.yaml:2:1: error[yaml-syntax]: a tab character where "
          "YAML expects spaces; YAML indents with spaces only: replace the tab with spaces"]),
    Case("yaml-tab-after-colon", "a tab between a key and its value",
         replace(PERSON, ROLE, "role:\tHost"),
         ["content/profiles/person/leader-b.yaml:2:6: error[yaml-syntax]: a tab character where "
          "YAML expects spaces; YAML indents with spaces only: replace the tab with spaces"]),
    Case("yaml-bad-indent", "a key indented one space short",
         replace("profiles/person/leader-a.yaml", "    kind: claim", "   kind: claim"),
         ["content/profiles/person/leader-a.yaml:10:1: error[yaml-syntax]: 'kind' is indented 3 "
          "spaces, which lines up with no key above it ('text' on line 9 is indented 4 spaces, "
          "'facts' on line 8 is indented 0 spaces); indent it like the key it belongs with"]),
    Case("yaml-indented-too-far", "a key indented under the value before it",
         replace(PERSON, "summary:", "  summary:"),
         ["content/profiles/person/leader-b.yaml:4:1: error[yaml-syntax]: 'summary' is indented "
          "2 spaces, more than 'side' on line 3 (0 spaces), so YAML reads it as part of the value "
          "of 'side'; indent it like the key it belongs with"]),
    Case("yaml-unclosed-quote", "a quoted value with no closing quote",
         replace(PERSON, ROLE, "role: \"Host"),
         ["content/profiles/person/leader-b.yaml:2:12: error[yaml-syntax]: the quote (\") that "
          "opens the value on line 2 is not closed on that line, so YAML reads on to the next "
          "quote; add the closing \" at the end of line 2"]),
    Case("yaml-text-after-quote", "a value that starts with a quotation and goes on",
         replace("profiles/person/leader-a.yaml", "quote: 'said he was \"very glad\" to see'",
                 "quote: \"very glad\" to see"),
         ["content/profiles/person/leader-a.yaml:15:16: error[yaml-syntax]: the value starts with "
          "a quote, so it ends at the closing quote, but more text follows; to keep the quotes "
          "as text, put the whole value in single quotes: '\"very glad\" to see'"]),
    Case("yaml-apostrophe", "an apostrophe inside single quotes",
         replace(PERSON, ROLE, "role: 'The summit's host'"),
         ["content/profiles/person/leader-b.yaml:2:18: error[yaml-syntax]: the ' inside the "
          "value ends it early; inside single quotes write ' twice: 'The summit''s host'"]),
    Case("yaml-list-item-in-map", "a list item among the keys of a map",
         replace(PERSON, "side: South", "side: South\n- North"),
         ["content/profiles/person/leader-b.yaml:4:1: error[yaml-syntax]: a list item ('- ') "
          "where the map around it expects 'key: value'; put the list under a key of its own "
          "('key:' on one line, the items indented below it), or remove the '- '"]),
    Case("yaml-python-tag", "a `!!python/object` tag",
         replace(PERSON, ROLE, "role: !!python/object/apply:os.system [\"id\"]"),
         ["content/profiles/person/leader-b.yaml:2:7: error[yaml-refused]: YAML tags such as "
          "'tag:yaml.org,2002:python/object/apply:os.system' are not allowed; remove the tag"]),
    Case("yaml-custom-tag", "any other YAML tag", replace(PERSON, ROLE, "role: !host Host"),
         ["content/profiles/person/leader-b.yaml:2:7: error[yaml-refused]: YAML tags such as "
          "'!host' are not allowed; remove the tag"]),
    Case("yaml-alias-bomb", "an alias bomb (anchors and aliases)",
         append(PERSON, "lol: &a [x, x, x, x, x, x, x, x, x]\nlol2: &b [*a, *a, *a, *a, *a]\n"),
         ["content/profiles/person/leader-b.yaml:9:6: error[yaml-refused]: YAML anchors and "
          "aliases (&name, *name) are not allowed; write the value out in full"]),
    Case("yaml-deep-nesting", "YAML nested 100 levels deep",
         append(PERSON, "deep: " + "[" * 100 + "]" * 100 + "\n"),
         ["content/profiles/person/leader-b.yaml:9:46: error[yaml-refused]: nesting deeper than "
          "40 levels; flatten the structure"]),
    Case("yaml-two-documents", "two YAML documents in one file",
         append(PERSON, "---\nname: Another\n"),
         ["content/profiles/person/leader-b.yaml:9:1: error[yaml-syntax]: a second YAML document "
          "starts here; a content file holds one: remove this '---' line, or what follows it"]),
    Case("yaml-complex-key", "a key that is a list", append(PERSON, "[a, b]: c\n"),
         ["content/profiles/person/leader-b.yaml:9:1: error[yaml-key]: a key must be plain text"]),
    Case("duplicate-key", "a key written twice", append(PERSON, "role: Guest\n"),
         ["content/profiles/person/leader-b.yaml:9:1: error[duplicate-key]: duplicate key 'role' "
          "(first defined on line 2); remove one of them"]),
    Case("duplicate-key-in-front-matter", "a key written twice in front matter",
         replace(ARTICLE, "short_name: Wire", "short_name: Wire\ntitle: Again"),
         ["content/articles/wire.md:5:1: error[duplicate-key]: duplicate key 'title' (first "
          "defined on line 2); remove one of them"]),
    Case("empty-file", "an empty profile", write("profiles/place/nowhere.yaml", "# nothing\n"),
         ["content/profiles/place/nowhere.yaml:1:1: error[empty]: file is empty"]),
    Case("lookalike-key", "a field name with a Cyrillic letter",
         replace(PERSON, "name: Leader B", "n\u0430me: Leader B"),
         ["content/profiles/person/leader-b.yaml:1:1: error[missing-field]: person is missing the "
          "required field 'name' (Display name.)",
          "content/profiles/person/leader-b.yaml:1:1: error[unknown-field]: unknown field "
          "'n\u0430me' in person: 'n\u0430me' contains a Cyrillic '\u0430' (U+0430); did you "
          "mean 'name', typed in Latin letters?"]),
    Case("lookalike-relation-type", "a relation type with a Greek letter",
         replace("profiles/person/leader-a.yaml", "participant_in:", "participant_\u03b9n:"),
         ["content/profiles/person/leader-a.yaml:7:3: error[unknown-field]: unknown relation type "
          "'participant_\u03b9n' in 'relations': 'participant_\u03b9n' contains a Greek "
          "'\u03b9' (U+03B9); did you mean 'participant_in', typed in Latin letters?"]),
    Case("unknown-field", "a misspelt field name",
         replace(PERSON, "summary:", "sumary: x\nsummary:"),
         ["content/profiles/person/leader-b.yaml:4:1: error[unknown-field]: unknown field "
          "'sumary' in person; did you mean 'summary'?"]),
    Case("missing-field", "a required field left out",
         replace(PERSON, "summary: The host of the summit.\n", ""),
         ["content/profiles/person/leader-b.yaml:1:1: error[missing-field]: person is missing the "
          "required field 'summary' (A short paragraph (Markdown).)"]),
    Case("empty-field", "a required field left empty",
         replace(PERSON, "summary: The host of the summit.", "summary:"),
         ["content/profiles/person/leader-b.yaml:4:1: error[missing-field]: required field "
          "'summary' is empty (A short paragraph (Markdown).)"]),
    Case("list-for-text", "a list where text belongs",
         replace(PERSON, "name: Leader B", "name: [Leader, B]"),
         ["content/profiles/person/leader-b.yaml:1:7: error[type]: 'name' must be text, not a "
          "list"]),
    Case("text-for-list", "text where a list belongs",
         replace(PERSON, ROLE, "role: Host\naliases: the host"),
         ["content/profiles/person/leader-b.yaml:3:10: error[type]: 'aliases' must be a list, not "
          "'the host'"]),
    Case("map-for-list", "a map where a list belongs",
         replace("profiles/person/leader-a.yaml", "aliases: []", "aliases: {a: b}"),
         ["content/profiles/person/leader-a.yaml:2:10: error[type]: 'aliases' must be a list, "
          "not a map"]),
    Case("not-a-real-date", "a date that does not exist",
         replace("profiles/event/summit.yaml", DATE, "date: 2023-02-30"),
         ["content/profiles/event/summit.yaml:2:7: error[value]: 'date': '2023-02-30' is not a "
          "real date"]),
    Case("coordinates-off-the-earth", "coordinates beyond the poles",
         replace("profiles/place/cosmodrome-x.yaml", '"51.88, 128.33"', '"95.5, 128.33"'),
         ["content/profiles/place/cosmodrome-x.yaml:4:22: error[value]: 'coordinates': '95.5, 128.33' "
          "is not a place on Earth: latitude runs from -90 to 90, longitude from -180 to 180"]),
    Case("coordinates-in-words", "coordinates written as a name",
         replace("profiles/place/cosmodrome-x.yaml", '"51.88, 128.33"', '"51°53′N 128°20′E"'),
         ["content/profiles/place/cosmodrome-x.yaml:4:22: error[value]: 'coordinates' must be latitude "
          "and longitude in decimal degrees, north and east positive, e.g. '43.12, 131.89', not "
          "'51°53′N 128°20′E'"]),
    Case("event-unknown", "site.yaml's event names no profile",
         replace("site.yaml", "event: summit", "event: sumit"),
         ["content/site.yaml:46:1: error[unknown-id]: event: no profile has the id 'sumit'; give "
          "the id of an event profile (content/profiles/event/<id>.yaml)"]),
    Case("event-not-an-event", "site.yaml's event names a profile that is not an event",
         replace("site.yaml", "event: summit", "event: leader-a"),
         ["content/site.yaml:46:1: error[value]: event: 'leader-a' is a person profile, not an "
          "event; give the id of an event profile"]),
    Case("date-in-words", "a date written in words",
         replace("profiles/event/summit.yaml", DATE, "date: 13 September 2023"),
         ["content/profiles/event/summit.yaml:2:7: error[value]: 'date' must be a date written "
          "YYYY-MM-DD, YYYY-MM or YYYY, not '13 September 2023'"]),
    Case("date-in-words-with-sources", "a date written in words, with its sources",
         replace("profiles/event/summit.yaml", "{value: 2023-09-13,", "{value: 13 September 2023,"),
         ["content/profiles/event/summit.yaml:2:15: error[value]: 'date' must be a date written "
          "YYYY-MM-DD, YYYY-MM or YYYY, not '13 September 2023'"]),
    Case("end-before-start", "an event that ends before it starts",
         replace("profiles/event/summit.yaml", DATE,
                 "date: 2023-09-13\nend_date: 2023-09-12"),
         ["content/profiles/event/summit.yaml:3:1: error[value]: end_date 2023-09-12 is before "
          "date 2023-09-13: give the event's last day, on or after its first"]),
    Case("unknown-statement-kind", "a statement kind not in the list",
         replace("profiles/person/leader-a.yaml", "kind: claim", "kind: rumour"),
         ["content/profiles/person/leader-a.yaml:10:11: error[value]: 'kind' must be one of fact, "
          "claim, assessment, background, not 'rumour'"]),
    Case("unknown-relation", "a relation type not in the list",
         replace("profiles/person/leader-a.yaml", "participant_in:", "friend_of:"),
         ["content/profiles/person/leader-a.yaml:7:3: error[unknown-field]: unknown relation type "
          "'friend_of' in 'relations'; use one of member_of, leads, part_of, located_in, "
          "located_at, participant_in, featured_in, derived_from, developed_by, operated_by, "
          "works_for, launched_from, related_to"]),
    Case("script-url-field", "a `javascript:` URL as an article's url",
         replace(ARTICLE, "url: https://example.org/wire", "url: javascript:alert(1)"),
         ["content/articles/wire.md:7:6: error[value]: 'url' must be an http:// or https:// URL, "
          "not 'javascript:alert(1)'"]),
    Case("url-attribute-breakout", "a quote in an article's url",
         replace(ARTICLE, "url: https://example.org/wire",
                 "url: 'https://example.org/\" onmouseover=\"alert(1)'"),
         ["content/articles/wire.md:7:6: error[value]: 'url' must be an http:// or https:// URL, "
          "not 'https://example.org/\" onmouseover=\"alert(1)'"]),
    Case("base-url-not-http", "a base_url that is not http(s)",
         replace("site.yaml", "language: en", "language: en\nbase_url: ftp://example.org/"),
         [BASE_URL.format("ftp://example.org/")]),
    Case("base-url-without-host", "a base_url with no host",
         replace("site.yaml", "language: en", "language: en\nbase_url: https:///"),
         [BASE_URL.format("https:///")]),
    Case("base-url-with-query", "a base_url with a query",
         replace("site.yaml", "language: en",
                 "language: en\nbase_url: https://example.org/?utm_source=x"),
         [BASE_URL.format("https://example.org/?utm_source=x")]),
    Case("base-url-with-fragment", "a base_url with a fragment",
         replace("site.yaml", "language: en", "language: en\nbase_url: https://example.org/#top"),
         [BASE_URL.format("https://example.org/#top")]),
    Case("language-not-a-tag", "a language that is not a BCP 47 tag",
         replace("site.yaml", "language: en", "language: English"),
         ["content/site.yaml:3:11: error[value]: 'language' must be a BCP 47 language tag such "
          "as en, en-GB or zh-Hant, not 'English'"]),
    Case("language-with-underscore", "a language written as a POSIX locale",
         replace("site.yaml", "language: en", "language: en_GB.UTF-8"),
         ["content/site.yaml:3:11: error[value]: 'language' must be a BCP 47 language tag such "
          "as en, en-GB or zh-Hant, not 'en_GB.UTF-8'"]),
    Case("date-in-arabic-indic-digits", "a date written in Arabic-Indic digits",
         replace("profiles/event/summit.yaml", DATE,
                 "date: \u0662\u0660\u0662\u0663-\u0660\u0669-\u0661\u0663"),
         ["content/profiles/event/summit.yaml:2:7: error[value]: 'date' must be written with the "
          "digits 0 to 9, not '\u0662\u0660\u0662\u0663-\u0660\u0669-\u0661\u0663'"]),
    Case("date-in-full-width-digits", "a date written in full-width digits",
         replace(ARTICLE, "published: 2023-09-13", "published: \uff12\uff10\uff12\uff13"),
         ["content/articles/wire.md:5:12: error[value]: 'published' must be written with the "
          "digits 0 to 9, not '\uff12\uff10\uff12\uff13'"]),
    Case("empty-quoted-field", "a required field written as an empty quoted string",
         replace(PERSON, "name: Leader B", "name: \"\""),
         ["content/profiles/person/leader-b.yaml:1:1: error[missing-field]: required field "
          "'name' is empty (Display name.)"]),
    Case("blank-quoted-field", "a required field of spaces only, quoted",
         replace(PERSON, "summary: The host of the summit.", "summary: '   '"),
         ["content/profiles/person/leader-b.yaml:4:1: error[missing-field]: required field "
          "'summary' is empty (A short paragraph (Markdown).)"]),
    Case("blank-block-field", "a required field that is a block of blank lines",
         replace(PERSON, "summary: The host of the summit.", "summary: |\n\n   \n"),
         ["content/profiles/person/leader-b.yaml:4:1: error[missing-field]: required field "
          "'summary' is empty (A short paragraph (Markdown).)"]),
    Case("invisible-field", "a required field of invisible characters only",
         replace("profiles/person/leader-a.yaml", "name: Leader A", "name: \"\\u200b\\u2060\""),
         ["content/profiles/person/leader-a.yaml:1:1: error[missing-field]: required field "
          "'name' is empty (Display name.)"]),
    Case("empty-quote", "a citation whose quote is empty",
         replace(PERSON, "quote: \"Leader B hosted Leader A\"", "quote: \"\""),
         ["content/profiles/person/leader-b.yaml:8:26: error[missing-field]: required field "
          "'quote' is empty (Words copied verbatim from one paragraph of that article.)"]),
    Case("empty-alias", "an empty name in a list of aliases",
         replace(PERSON, "side: South", "side: South\naliases: [Host, \" \"]"),
         ["content/profiles/person/leader-b.yaml:4:17: error[value]: an item of 'aliases' is "
          "empty; write it or remove it"]),
    Case("glossary-not-a-list", "a glossary written as a map",
         write("glossary.yaml", "icbm: A missile.\n"),
         ["content/glossary.yaml:1:1: error[type]: content/glossary.yaml must be a list of term "
          "entries (each starting with '- id: ...')"]),
    Case("no-sources", "a statement with no sources",
         replace(SYSTEM, "    sources:\n      - {source: wire, quote: \"The Alpha-1 rocket failed "
                 "twice.\"}", "    sources: []"),
         ["content/profiles/system/alpha-1.yaml:11:14: error[missing]: 'sources' needs at least 1 "
          "item"]),
    Case("claim-without-by", "a claim that does not say who claims it",
         replace("profiles/person/leader-a.yaml", "    by: leader-b\n", ""),
         ["content/profiles/person/leader-a.yaml:9:5: error[missing-by]: a claim needs 'by': who "
          "asserts it (a profile id or free text such as \"South Korea's military\")"]),
]
CHARACTERS = [
    Case("control-character-in-yaml", "a control character in YAML",
         replace(PERSON, ROLE, "role: Ho\x1bst"),
         ["content/profiles/person/leader-b.yaml:2:9: error[control-character]: the text holds "
          "U+001B (a control character), which web pages, feeds and JSON cannot carry: remove "
          "it"]),
    Case("control-character-in-article", "a control character in an article's text",
         replace(ARTICLE, "on Wednesday", "on\x01 Wednesday"),
         ["content/articles/wire.md:10:47: error[control-character]: the text holds U+0001 (a "
          "control character), which web pages, feeds and JSON cannot carry: remove it"]),
    Case("control-character-escape", "a control character written as a YAML escape",
         replace(PERSON, ROLE, "role: \"Ho\\x01st\""),
         ["content/profiles/person/leader-b.yaml:2:7: error[control-character]: an escape writes "
          "U+0001 (a control character), which web pages, feeds and JSON cannot carry: remove "
          "the escape"]),
    Case("noncharacter-in-article", "U+FFFF in an article's text",
         replace(ARTICLE, "on Wednesday", "on Wednesday\uffff"),
         ["content/articles/wire.md:10:57: error[control-character]: the text holds U+FFFF (a "
          "noncharacter), which web pages, feeds and JSON cannot carry: remove it"]),
    Case("noncharacter-escape", "U+FFFE written as a YAML escape",
         replace(PERSON, ROLE, "role: \"Host\\uFFFE\""),
         ["content/profiles/person/leader-b.yaml:2:7: error[control-character]: an escape writes "
          "U+FFFE (a noncharacter), which web pages, feeds and JSON cannot carry: remove the "
          "escape"]),
    Case("lone-surrogate-escape", "a lone surrogate written as a YAML escape",
         replace(PERSON, ROLE, "role: \"Host\\ud800\""),
         ["content/profiles/person/leader-b.yaml:2:12: error[yaml-syntax]: '\\u' is not an escape "
          "that YAML knows; write '\\\\' for a backslash, or put the value in single quotes"]),
    Case("lone-surrogate-in-article", "a lone surrogate's bytes in an article",
         replace_bytes(ARTICLE, "on Wednesday", b"on \xed\xa0\x80Wednesday"),
         ["content/articles/wire.md:10:48: error[encoding]: byte 0xED (at byte 212 of the file) "
          "is not UTF-8 text: save the file as UTF-8"]),
    Case("bidi-override-in-article", "a right-to-left override in an article's text",
         replace(ARTICLE, "the wire said", "the \u202ewire said"),
         ["content/articles/wire.md:10:63: error[bidi-control]: the text holds U+202E "
          "(right-to-left override), a control that reorders the text around it, so the page "
          "would read differently from its source: remove it (right-to-left words need no "
          "control character)"]),
    Case("bidi-isolate-in-yaml", "a right-to-left isolate in a profile's name",
         replace(PERSON, "name: Leader B", "name: Leader \u2067B"),
         ["content/profiles/person/leader-b.yaml:1:14: error[bidi-control]: the text holds U+2067 "
          "(right-to-left isolate), a control that reorders the text around it, so the page "
          "would read differently from its source: remove it (right-to-left words need no "
          "control character)"]),
    Case("bidi-override-escape", "a right-to-left override written as a YAML escape",
         replace(PERSON, ROLE, "role: \"\\u202eHost\""),
         ["content/profiles/person/leader-b.yaml:2:7: error[bidi-control]: an escape writes "
          "U+202E (right-to-left override), a control that reorders the text around it, so the "
          "page would read differently from its source: remove the escape (right-to-left words "
          "need no control character)"]),
    Case("bidi-override-entity", "a right-to-left override written as an HTML entity",
         replace(SYSTEM, "summary: A rocket that failed twice.",
                 "summary: A rocket that &#x202E;failed twice."),
         ["content/profiles/system/alpha-1.yaml:5:10: error[bidi-control]: an escape writes "
          "U+202E (right-to-left override), a control that reorders the text around it, so the "
          "page would read differently from its source: remove the escape (right-to-left words "
          "need no control character)"]),
]
FILES = [
    Case("upper-case-file-name", "a file name with capitals",
         copy(PERSON, "profiles/person/Leader-C.yaml"),
         ["content/profiles/person/Leader-C.yaml:1:1: error[bad-id]: 'Leader-C' is not a valid "
          "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("underscore-file-name", "a file name with an underscore",
         copy(PERSON, "profiles/person/leader_c.yaml"),
         ["content/profiles/person/leader_c.yaml:1:1: error[bad-id]: 'leader_c' is not a valid "
          "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("lookalike-file-name", "a file name with a Cyrillic letter",
         copy(PERSON, "profiles/person/leader-\u0441.yaml"),
         ["content/profiles/person/leader-\u0441.yaml:1:1: error[bad-id]: 'leader-\u0441' is not "
          "a valid id: 'leader-\u0441' contains a Cyrillic '\u0441' (U+0441); use lower-case "
          "Latin letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("dotted-file-name", "a file name with a dot in it",
         copy(PERSON, "profiles/person/leader.v2.yaml"),
         ["content/profiles/person/leader.v2.yaml:1:1: error[bad-id]: 'leader.v2' is not a valid "
          "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("accented-file-name", "a file name with an accented letter",
         copy(PERSON, "profiles/person/l\u00e9ader-c.yaml"),
         ["content/profiles/person/léader-c.yaml:1:1: error[bad-id]: 'léader-c' is not a valid "
          "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("control-character-in-file-name", "a file name with a newline in it",
         copy(PERSON, "profiles/person/leader-c\n.yaml"),
         ["content/profiles/person/leader-c\\n.yaml:1:1: error[bad-id]: 'leader-c\\n' is not a "
          "valid id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)"]),
    Case("case-collision", "two file names that differ only in case",
         copy(PERSON, "profiles/person/Leader-b.yaml"),
         ["content/profiles/person/Leader-b.yaml:1:1: error[bad-id]: 'Leader-b' is not a valid "
          "id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)",
          "content/profiles/person/leader-b.yaml:1:1: error[name-collision]: "
          "content/profiles/person/leader-b.yaml and content/profiles/person/Leader-b.yaml differ "
          "only in letter case: on macOS and Windows they are the same file; rename or remove "
          "one"]),
    Case("unicode-collision", "two file names that differ only in Unicode form",
         both(copy(PERSON, f"profiles/person/{JOSE_NFC}.yaml"),
              copy(PERSON, f"profiles/person/{JOSE_NFD}.yaml")),
         ["content/profiles/person/jose\u0301.yaml:1:1: error[bad-id]: 'jose\u0301' is not a "
          "valid id: use lower-case letters, digits and single hyphens (e.g. kim-jong-un)",
          "content/profiles/person/josé.yaml:1:1: error[bad-id]: 'josé' is not a valid id: use "
          "lower-case letters, digits and single hyphens (e.g. kim-jong-un)",
          "content/profiles/person/josé.yaml:1:1: error[name-collision]: "
          "content/profiles/person/josé.yaml and content/profiles/person/jose\u0301.yaml are the "
          "same name in two Unicode forms (NFC and NFD): on macOS they are the same file; rename "
          "or remove one"]),
    Case("duplicate-id-across-kinds", "a glossary term with a profile's id",
         replace("glossary.yaml", "- id: icbm", "- id: leader-a\n  term: Leader\n  short: A "
                 "leader.\n  definition: A leader.\n- id: icbm"),
         ["content/glossary.yaml:1:3: error[duplicate-id]: id 'leader-a' is already used by the "
          "person profile at content/profiles/person/leader-a.yaml:1:1; ids must be unique across "
          "all kinds"]),
    Case("duplicate-id-article-and-profile", "an article with a profile's id",
         copy("articles/agency.md", "articles/leader-a.md"),
         ["content/profiles/person/leader-a.yaml:1:1: error[duplicate-id]: id 'leader-a' is "
          "already used by the article at content/articles/leader-a.md:2:1; ids must be unique "
          "across all kinds"]),
    Case("duplicate-comparison-id", "two comparisons with one id",
         append("comparisons.yaml", "- id: dates\n  topic: Again\n  aspect: facts\n  accounts:\n"
                "    - {source: wire, quote: \"the wire said\"}\n"
                "    - {source: agency, quote: \"analysts said\"}\n  note: Again.\n"),
         ["content/comparisons.yaml:11:3: error[duplicate-id]: comparison id 'dates' is already "
          "used at content/comparisons.yaml:1:3"]),
    Case("unknown-kind", "a profile folder of an unknown kind",
         copy(PERSON, "profiles/people/leader-c.yaml"),
         ["content/profiles/people:1:1: error[unknown-kind]: unknown profile kind 'people'; use "
          "one of person, place, system, organization, event"]),
    Case("stray-file", "a file that is not part of the content model",
         write("articles/notes.txt", "to do\n"),
         ["content/articles/notes.txt:1:1: error[stray-file]: this file is not part of the "
          "content model (articles/*.md, profiles/<kind>/*.yaml, glossary.yaml, comparisons.yaml, "
          "site.yaml); move or remove it"]),
    Case("yml-suffix", "a profile whose name ends in .yml",
         write("profiles/place/port.yml", "name: Port\nsummary: A port.\n"),
         ["content/profiles/place/port.yml:1:1: error[stray-file]: a file here is read only if "
          "its name ends in .yaml: rename it port.yaml"]),
    Case("markdown-suffix", "an article whose name ends in .markdown",
         write("articles/notes.markdown", "to do\n"),
         ["content/articles/notes.markdown:1:1: error[stray-file]: a file here is read only if "
          "its name ends in .md: rename it notes.md"]),
    Case("symlinked-file", "an article that is a symbolic link",
         symlink("articles/agency.md", "elsewhere/agency.md"),
         ["content/articles/agency.md:1:1: error[symlink]: symbolic links are not allowed in "
          "content/; replace the link with what it points to"]),
    Case("symlinked-folder", "a profile folder that is a symbolic link",
         symlink("profiles/place", "elsewhere/place"),
         ["content/profiles/place:1:1: error[symlink]: symbolic links are not allowed in "
          "content/; replace the link with what it points to"]),
    Case("named-pipe", "a named pipe (FIFO) where an article should be",
         fifo("articles/pipe.md"),
         ["content/articles/pipe.md:1:1: error[not-a-file]: this is not a regular file (a pipe, "
          "socket or device); replace it with a text file or remove it"]),
    Case("not-a-content-folder", "`--content` pointing at the folder above the content",
         nest("briefing"),
         ["content:1:1: error[missing-dir]: not a content folder: it has no site.yaml, articles/ "
          "or profiles/; did you mean --content content/briefing?"]),
    Case("too-large", "a file over 1 MB",
         write("articles/huge.md", FRONT + "word " * (MAX_FILE_BYTES // 5)),
         ["content/articles/huge.md:1:1: error[too-large]: file is 1,000,057 bytes; the limit is "
          "1,000,000: split it into several files"]),
    Case("not-utf-8", "a file that is not UTF-8",
         write("profiles/place/latin.yaml", "name: Caf\xe9\nsummary: A caf\xe9.\n"
               .encode("latin-1")),
         ["content/profiles/place/latin.yaml:1:10: error[encoding]: byte 0xE9 (at byte 9 of the "
          "file) is not UTF-8 text: save the file as UTF-8"]),
    Case("utf-16", "a file saved as UTF-16",
         write("profiles/place/wide.yaml", "name: Wide\nsummary: A place.\n".encode("utf-16")),
         ["content/profiles/place/wide.yaml:1:1: error[encoding]: the file is UTF-16 text, not "
          "UTF-8: save it as UTF-8"]),
    Case("missing-site", "no site.yaml", remove("site.yaml"),
         ["content/site.yaml:1:1: error[missing-file]: content/site.yaml is missing: it holds the "
          "title, bottom line and key judgments"]),
    Case("no-front-matter", "an article without front matter",
         write("articles/odd.md", "Just text.\n"),
         ["content/articles/odd.md:1:1: error[front-matter]: an article starts with front matter "
          "between two '---' lines (title, publisher, published ...)"]),
    Case("front-matter-not-closed", "front matter with no closing `---`",
         write("articles/odd.md", FRONT.replace("---\n\n", "\n", 1)[:-1] + "Text.\n"),
         ["content/articles/odd.md:5:1: error[front-matter]: the front matter opened on line 1 "
          "is not closed before the text: add a line '---' here, after its last field"]),
    Case("front-matter-closed-by-a-rule", "front matter closed only by a `---` rule in the text",
         write("articles/odd.md", FRONT.replace("---\n\n", "\n", 1)[:-1] + "Text.\n\n---\n\n"
               "More.\n"),
         ["content/articles/odd.md:5:1: error[front-matter]: the front matter opened on line 1 "
          "is not closed before the text: add a line '---' here, after its last field"]),
    Case("front-matter-not-opened", "front matter with no opening `---`",
         write("articles/odd.md", FRONT[4:] + "Text.\n"),
         ["content/articles/odd.md:1:1: error[front-matter]: the front matter has no opening "
          "'---': add a line '---' above line 1"]),
    Case("front-matter-not-a-map", "front matter written as a list",
         write("articles/odd.md", "---\n- Odd\n- Odd Press\n---\n\nText.\n"),
         ["content/articles/odd.md:2:1: error[front-matter]: the front matter must be fields "
          "written 'name: value' (title, publisher, published ...), not a list"]),
    Case("text-under-front-matter", "text right under the closing `---`",
         write("articles/odd.md", FRONT[:-1] + "Text.\n"),
         ["content/articles/odd.md:6:1: error[front-matter]: the text starts right under the "
          "closing '---': put an empty line between them"]),
    Case("empty-front-matter", "an article with empty front matter",
         write("articles/odd.md", "---\n---\n\nText.\n"),
         ["content/articles/odd.md:2:1: error[front-matter]: the front matter is empty: an "
          "article needs at least title, publisher and published"]),
    Case("article-without-text", "an article with front matter only",
         write("articles/odd.md", FRONT),
         ["content/articles/odd.md:6:1: error[empty]: the article has no text after its front "
          "matter: paste the article's text below it, one paragraph after another"]),
    Case("cited-article-without-text", "an article that is cited, with its text taken out",
         truncate_after_front_matter("articles/wire.md"),
         ["content/articles/wire.md:9:1: error[empty]: the article has no text after its front "
          "matter: paste the article's text below it, one paragraph after another"]),
]
LINKS = [
    Case("unknown-wikilink", "a `[[id]]` link to nothing",
         replace("profiles/person/leader-a.yaml", "[[cosmodrome-x]]", "[[cosmodrome-y]]"),
         ["content/profiles/person/leader-a.yaml:5:48: error[unknown-id]: [[cosmodrome-y]] links "
          "to nothing: no profile or glossary term has the id 'cosmodrome-y'; did you mean "
          "'cosmodrome-x'?"]),
    Case("broken-wikilink", "a `[[id]` link with a bracket missing",
         replace("profiles/person/leader-a.yaml", "[[cosmodrome-x]]", "[[cosmodrome-x]"),
         ["content/profiles/person/leader-a.yaml:5:48: error[broken-link]: [[cosmodrome-x] is "
          "not a link, so the page would show it as written: a link is [[id]] or [[id|label]]"]),
    Case("unknown-wikilink-in-folded-block", "a `[[id]]` link to nothing inside a `>-` block",
         replace("profiles/person/leader-a.yaml", "summary: Leader of the North, who travelled to "
                 "[[cosmodrome-x]].", "summary: >-\n  Leader of the North,\n  who travelled to "
                 "[[cosmodrom-x]]."),
         ["content/profiles/person/leader-a.yaml:7:20: error[unknown-id]: [[cosmodrom-x]] links "
          "to nothing: no profile or glossary term has the id 'cosmodrom-x'; did you mean "
          "'cosmodrome-x'?"]),
    Case("unknown-wikilink-in-literal-block", "a `[[id]]` link to nothing in a `|` block",
         replace(SYSTEM, "summary: A rocket that failed twice.",
                 "summary: |\n  A rocket that failed twice.\n\n    Built by [[leader-c]]."),
         ["content/profiles/system/alpha-1.yaml:8:14: error[unknown-id]: [[leader-c]] links to "
          "nothing: no profile or glossary term has the id 'leader-c'; did you mean 'leader-a' "
          "or 'leader-b'?"]),
    Case("wikilink-to-a-name", "a `[[name]]` link that gives a name, not an id",
         replace("profiles/person/leader-a.yaml", "[[cosmodrome-x]]", "[[Cosmodrome]]"),
         ["content/profiles/person/leader-a.yaml:5:48: error[unknown-id]: [[Cosmodrome]] links "
          "to nothing: no profile or glossary term has the id 'Cosmodrome'; did you mean "
          "'cosmodrome-x' (named 'cosmodrome')?"]),
    Case("lookalike-in-wikilink", "a `[[id]]` link with a Cyrillic letter",
         replace("profiles/person/leader-a.yaml", "[[cosmodrome-x]]", "[[c\u043esmodrome-x]]"),
         ["content/profiles/person/leader-a.yaml:5:48: error[unknown-id]: [[c\u043esmodrome-x]] "
          "links to nothing: no profile or glossary term has the id 'c\u043esmodrome-x'; "
          "'c\u043esmodrome-x' contains a Cyrillic '\u043e' (U+043E); did you mean "
          "'cosmodrome-x'?"]),
    Case("unknown-source", "a citation of an article that does not exist",
         replace(PERSON, "source: agency", "source: agencies"),
         ["content/profiles/person/leader-b.yaml:8:28: error[unknown-source]: no article "
          "'agencies' (articles: agency, wire)"]),
    Case("quote-not-found", "a quote that is in no paragraph",
         replace(PERSON, "Leader B hosted Leader A", "Leader B welcomed Leader A"),
         ["content/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: quote not found in "
          "content/articles/agency.md: \"Leader B welcomed Leader A\"; the closest is ¶2, which "
          "has \"B hosted Leader\" where the quote has \"B welcomed Leader\"; copy the words "
          "exactly from one paragraph"]),
    Case("quote-in-other-capitals", "a quote whose words are in another paragraph's capitals",
         replace(PERSON, "Leader B hosted Leader A", "leader b hosted leader a"),
         ["content/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: quote not found in "
          "content/articles/agency.md: \"leader b hosted leader a\"; ¶2 has it in other "
          "capitals: \"Leader B hosted Leader A\"; copy the words exactly"]),
    Case("quote-across-paragraphs", "a quote that runs on into the next paragraph",
         replace(PERSON, "Leader B hosted Leader A", "Leader A wants missile help. Leader B"),
         ["content/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: quote not found in "
          "content/articles/agency.md: \"Leader A wants missile help. Leader B\"; the closest is "
          "¶1, which ends with \"help.\" where the quote goes on with \"Leader B\"; a quote "
          "comes from one paragraph"]),
    Case("quote-ambiguous", "a quote found in several paragraphs",
         replace(PERSON, "Leader B hosted Leader A", "Leader A"),
         ["content/profiles/person/leader-b.yaml:8:26: error[quote-ambiguous]: quote matches 2 "
          "paragraphs of content/articles/agency.md (¶1, ¶2); lengthen it so it names one: "
          "\"Leader A wants\" names ¶1, \"Leader A at\" names ¶2"]),
    Case("lookalike-source", "a cited article id with a Cyrillic letter",
         replace(PERSON, "source: agency", "source: \u0430gency"),
         ["content/profiles/person/leader-b.yaml:8:18: error[value]: 'source' must be an id "
          "(lower-case letters, digits and hyphens), not '\u0430gency': '\u0430gency' contains "
          "a Cyrillic '\u0430' (U+0430)"]),
    Case("alias-conflict", "one name claimed by two profiles",
         replace(PERSON, ROLE, "role: Host\naliases: [cosmodrome]"),
         ["content/profiles/person/leader-b.yaml:3:11: error[alias-conflict]: the name "
          "'cosmodrome' is also claimed by cosmodrome-x; remove it from one of them or say who it "
          "links to in site.yaml alias_owners",
          "content/profiles/place/cosmodrome-x.yaml:2:11: error[alias-conflict]: the name "
          "'cosmodrome' is also claimed by leader-b; remove it from one of them or say who it "
          "links to in site.yaml alias_owners"]),
    Case("relation-to-nothing", "a relation to an id that does not exist",
         replace("profiles/person/leader-a.yaml", "participant_in: [summit]",
                 "participant_in: [summit-2]"),
         ["content/profiles/person/leader-a.yaml:7:20: error[unknown-id]: relation "
          "participant_in: no profile has the id 'summit-2'; did you mean 'summit'?"]),
    Case("relation-to-itself", "a profile related to itself",
         replace("profiles/person/leader-a.yaml", "participant_in: [summit]",
                 "related_to: [leader-a]"),
         ["content/profiles/person/leader-a.yaml:7:16: error[value]: relation related_to: a "
          "profile cannot relate to itself"]),
    Case("by-unknown-id", "`by:` naming an id that does not exist",
         replace("profiles/person/leader-a.yaml", "by: leader-b", "by: leader-c"),
         ["content/profiles/person/leader-a.yaml:9:5: error[unknown-id]: by: 'leader-c' looks "
          "like an id but no profile has it; did you mean 'leader-a' or 'leader-b'? If not, "
          "write the name as free text"]),
    Case("by-lookalike-id", "`by:` naming an id with a Cyrillic letter",
         replace("profiles/person/leader-a.yaml", "by: leader-b", "by: le\u0430der-b"),
         ["content/profiles/person/leader-a.yaml:9:5: error[unknown-id]: by: 'le\u0430der-b' "
          "looks like an id but no profile has it; 'le\u0430der-b' contains a Cyrillic '\u0430' "
          "(U+0430); did you mean 'leader-b'? If not, write the name as free text"]),
    Case("alias-owner-unknown", "`alias_owners` naming an id that does not exist",
         replace("site.yaml", "language: en", "language: en\nalias_owners:\n  Kim: kim-jong-un"),
         ["content/site.yaml:5:3: error[unknown-id]: alias_owners: 'kim-jong-un' is not a profile "
          "or glossary id"]),
]
RIGOR = [
    Case("assessment-without-confidence", "an assessment that does not say how confident it is",
         replace("site.yaml", "  confidence: high\n", ""),
         ["content/site.yaml:5:3: error[missing-field]: an assessment needs 'confidence': low, "
          "moderate or high, how firmly the judgment is held"]),
    Case("unknown-confidence", "a confidence not on the scale",
         replace("site.yaml", "  confidence: high", "  confidence: certain"),
         ["content/site.yaml:8:15: error[value]: 'confidence' must be one of low, moderate, "
          "high, not 'certain'"]),
    Case("empty-confidence", "an assessment with `confidence:` left empty",
         replace("site.yaml", "  confidence: high", "  confidence:"),
         ["content/site.yaml:8:3: error[missing-field]: an assessment needs 'confidence': low, "
          "moderate or high, how firmly the judgment is held"]),
    Case("confidence-on-a-fact", "a confidence on a fact",
         replace("site.yaml", "    as_of: 2023-08", "    as_of: 2023-08\n    confidence: high"),
         ["content/site.yaml:14:5: error[misplaced-field]: 'confidence' belongs to assessments "
          "only: make this an assessment or remove the confidence"]),
    Case("fact-without-sources", "a fact with no `sources` at all",
         replace(SYSTEM, "    sources:\n      - {source: wire, quote: \"The Alpha-1 rocket failed "
                 "twice.\"}\n", ""),
         ["content/profiles/system/alpha-1.yaml:9:5: error[missing-field]: 'sources' is "
          "required: a fact, claim or assessment cites one or more articles (only background "
          "has none)"]),
    Case("background-with-sources", "a background statement that cites the articles",
         replace("profiles/person/leader-a.yaml", "    kind: background\n",
                 "    kind: background\n    sources: [{source: wire, quote: \"Leader A watched\"}]\n"),
         ["content/profiles/person/leader-a.yaml:18:5: error[misplaced-field]: a background "
          "statement has no 'sources': it says what the editors know beyond the articles; to "
          "cite the articles, make it a fact, claim or assessment"]),
    Case("reference-on-a-fact", "a reference outside the briefing on a fact",
         replace(SYSTEM, "    as_of: 2023\n",
                 "    as_of: 2023\n    reference: {title: A rocket almanac}\n"),
         ["content/profiles/system/alpha-1.yaml:11:5: error[misplaced-field]: 'reference' "
          "belongs to background statements only: cite the articles with 'sources'"]),
    Case("reference-without-title", "a reference with a URL and no title",
         replace("profiles/person/leader-a.yaml", "{title: A history of the North, url:",
                 "{url:"),
         ["content/profiles/person/leader-a.yaml:18:16: error[missing-field]: reference is "
          "missing the required field 'title' (Title of the work outside the briefing.)"]),
    Case("alternative-on-a-fact", "an alternative view on a profile's fact",
         replace(SYSTEM, "    as_of: 2023\n",
                 "    as_of: 2023\n    alternative: {text: Once, sources: [{source: wire, quote: "
                 "\"Alpha-1\"}]}\n"),
         ["content/profiles/system/alpha-1.yaml:11:5: error[unknown-field]: unknown field "
          "'alternative' in statement; known fields: text, kind, by, confidence, as_of, "
          "sources, reference"]),
    Case("field-cited-and-background", "a typed field that cites and says it is background",
         replace(PERSON, ROLE, "role: {value: Host, background: true, sources: [{source: agency, "
                 "quote: \"hosted Leader A\"}]}"),
         ["content/profiles/person/leader-b.yaml:2:39: error[misplaced-field]: a background "
          "value has no 'sources': remove them, or remove 'background: true'"]),
    Case("field-long-form-without-basis", "a typed field's long form with neither sources nor "
         "`background`", replace(PERSON, ROLE, "role: {value: Host}"),
         ["content/profiles/person/leader-b.yaml:2:7: error[missing-field]: the long form "
          "needs 'sources' (the value cites the articles) or 'background: true' (the editors "
          "know it from elsewhere)"]),
    Case("field-long-form-without-value", "a typed field's long form without its value",
         replace(PERSON, ROLE, "role: {background: true}"),
         ["content/profiles/person/leader-b.yaml:2:7: error[missing-field]: the long form of "
          "'role' is missing the required field 'value' (The value itself.)"]),
    Case("background-not-true-or-false", "`background` that is not true or false",
         replace(PERSON, ROLE, "role: {value: Host, background: maybe}"),
         ["content/profiles/person/leader-b.yaml:2:33: error[value]: 'background' must be true "
          "or false, not 'maybe'"]),
]
TEMPLATES = [
    Case("template-undefined-name", "a template that uses a name the page does not give it",
         template("profile.html", "<p>{{ profil }}</p>"),
         ["templates/profile.html:1:7: error[template]: 'profil' is undefined; check the "
          "spelling, and what the page passes to the template"]),
    Case("template-syntax-error", "a template with a `}` missing",
         template("profile.html", "<h1>{{ name }</h1>"),
         ["templates/profile.html:1:13: error[template]: syntax error: unexpected '}'"]),
]
GROUPS = {"Markdown": MARKDOWN, "YAML and fields": YAML, "Characters": CHARACTERS,
          "Files and paths": FILES, "Links and citations": LINKS, "Rigor": RIGOR,
          "Templates": TEMPLATES}
CASES = [case for cases in GROUPS.values() for case in cases]


def test_case_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_its_exact_errors_and_keeps_the_site(
        case: Case, tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    # the command's tuning of the cycle collector is for a process that ends after one build
    monkeypatch.setattr(cli, "collect_less", lambda: None)
    assert build(Path("content"), Path("site")).ok
    before = snapshot(tmp_path / "site")
    case.edit(mini)
    capsys.readouterr()
    # `briefing build -q` where the briefing is: content/ into site/, with the project's
    # templates/ if a case made one, and the build cache
    assert cli.main(["build", "-q"]) == 1
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [*case.errors, "build failed; site was left unchanged"]
    assert printed.out == ""
    assert snapshot(tmp_path / "site") == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]
    templates = Path("templates")
    result = build(Path("content"), None, templates if templates.is_dir()
                   else DEFAULT_TEMPLATES)  # the same errors, and no file made
    assert [d.format() for d in result.diagnostics] == list(case.errors)
    assert not result.ok and not result.files


def code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def catalogue_markdown() -> str:
    """The README section, generated from the cases."""
    lines = ["## Bad input catalogue", "",
             "Every kind of bad input the build is tested with (`tests/test_catalogue.py`), each "
             "made in a", "copy of the small test briefing (or of the templates), and exactly "
             "what `briefing build -q` "
             "prints for it, before its last line `build failed; site was left unchanged`. In "
             "every", "case the build exits with status 1 and the previous "
             "`site/` is left byte for byte as it was.", "Raw HTML in Markdown is not an error: "
             "it is shown as text.", ""]
    for group, cases in GROUPS.items():
        lines += [f"### {group}", ""]
        for case in cases:
            lines.append(f"- `{case.name}`: {case.what}")
            lines += [f"  - {code(error)}" for error in case.errors]
        lines.append("")
    return "\n".join(lines)


def catalogue_section(text: str) -> tuple[int, int]:
    start = text.index("## Bad input catalogue")
    end = text.find("\n## ", start + 1)
    return start, len(text) if end < 0 else end + 1


def scaffolded(kind: str, item_id: str) -> Edit:
    """A file made by `briefing new` and left as it is."""
    def edit(content: Path) -> None:
        create(content, kind, item_id)
    return edit


WARNINGS = [
    Case("wikilink-in-article", "a `[[id]]` link written in an article's text",
         replace(ARTICLE, "the wire said", "[[leader-b]] said"),
         ["content/articles/wire.md:10:59: warning[wikilink-in-article]: [[leader-b]] is shown as "
          "written: an article is source text, kept as it was published, so it holds no [[id]] "
          "links (the names in it are linked by themselves)"]),
    Case("untouched-article", "an article left as `briefing new article` made it",
         scaffolded("article", "new-article"),
         ["content/articles/new-article.md:2:1: warning[placeholder]: the publisher 'Publisher "
          "name' is what briefing new wrote as an example; replace it with the real text",
          "content/articles/new-article.md:12:1: warning[placeholder]: the paragraph 'The "
          "article\u2019s text, copied verbatim, one paragraph per block.' is what briefing new "
          "wrote as an example; replace it with the real text",
          "content/articles/new-article.md:14:1: warning[placeholder]: the heading 'A section "
          "heading, where the original has a break' is what briefing new wrote as an example; "
          "replace it with the real text",
          "content/articles/new-article.md:16:1: warning[placeholder]: the paragraph 'More "
          "paragraphs.' is what briefing new wrote as an example; replace it with the real text"]),
    Case("untouched-profile", "a profile left as `briefing new person` made it",
         scaffolded("person", "new-person"),
         ["content/profiles/person/new-person.yaml:3:1: warning[unused-profile]: nothing "
          "mentions or links to New Person: no article names it and no [[id]] link, relation or "
          "'by' refers to it",
          "content/profiles/person/new-person.yaml:6:10: warning[placeholder]: the text 'What the "
          "sources say New Person is.' is what briefing new wrote as an example; replace it with "
          "the real text"]),
    Case("untouched-term", "a glossary term left as `briefing new term` made it",
         scaffolded("term", "new-term"),
         ["content/glossary.yaml:9:3: warning[placeholder]: the tooltip 'One line on New Term, "
          "shown as a tooltip.' is what briefing new wrote as an example; replace it with the "
          "real text",
          "content/glossary.yaml:9:3: warning[uncited-definition]: the definition of 'New Term' "
          "neither cites the articles nor is marked background: add 'sources' where the "
          "articles use or explain the term, or 'background: true' if it is the editors' own "
          "knowledge",
          "content/glossary.yaml:9:3: warning[unused-term]: the glossary term 'New Term' is never "
          "used: no article contains it or an alias, and no [[id]] links to it",
          "content/glossary.yaml:14:15: warning[placeholder]: the text 'What the sources say New "
          "Term is.' is what briefing new wrote as an example; replace it with the real text"]),
]


@pytest.mark.parametrize("case", WARNINGS, ids=[case.name for case in WARNINGS])
def test_editorial_warnings_are_exactly_these(case: Case, tmp_path: Path, mini: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    case.edit(mini)
    result = check(Path("content"), editorial=True)
    assert result.ok  # warnings build; check --strict fails on them
    assert [d.format() for d in result.diagnostics] == list(case.errors)


def warnings_markdown() -> str:
    lines = ["## Editorial warnings", "",
             "What `briefing check` reports as warnings for each case (`tests/test_catalogue.py`), "
             "made in a", "copy of the small test briefing. The site still builds; `check "
             "--strict`, as run on a pull", "request and a deploy preview, fails on them.", ""]
    for case in WARNINGS:
        lines.append(f"- `{case.name}`: {case.what}")
        lines += [f"  - {code(warning)}" for warning in case.errors]
    lines.append("")
    return "\n".join(lines)


def test_docs_list_every_case_with_its_errors() -> None:
    document = REPO / "docs" / "catalogue.md"
    text = document.read_text(encoding="utf-8")
    generated = catalogue_markdown() + "\n" + warnings_markdown()
    if os.environ.get("BRIEFING_UPDATE_CATALOGUE"):
        start, _ = catalogue_section(text)
        document.write_text(text[:start] + generated, encoding="utf-8")
        text = document.read_text(encoding="utf-8")
    start, _ = catalogue_section(text)
    assert text[start:] == generated
