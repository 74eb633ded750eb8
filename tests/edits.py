"""Generated edits of a briefing, for the tests that rebuilds equal clean builds.

A Briefing holds the fixture as data (YAML documents, and each article as front matter and
paragraphs), so that an edit can reach any field of any file kind: `edits()` draws one edit,
named by the file kind and field it changes ("profile.facts.kind", "article.body.insert" ...),
which the test applies and writes out. Most values are drawn from what the fixture already
names and quotes, so that most edits still build and exercise rendering; some are not, so
that failing builds and their recovery are exercised too.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from hypothesis import strategies as st

from tests.conftest import MINI

KINDS = ("person", "place", "system", "organization", "event")
KIND_FIELDS = {
    "person": ("role", "affiliation", "nationality", "side"),
    "place": ("type", "located_in", "country", "coordinates"),
    "system": ("type", "propellant", "developer", "status", "range"),
    "organization": ("type", "country", "headquarters"),
    "event": ("date", "end_date", "date_note", "place", "participants", "outcome"),
}
RELATIONS = ("member_of", "leads", "part_of", "located_in", "located_at", "participant_in",
             "featured_in", "derived_from", "developed_by", "operated_by", "works_for",
             "launched_from", "related_to")
NEW_IDS = ("leader-c", "beta-2", "northern-agency", "summit-2")  # of files added
ARTICLE_FIELDS = ("title", "publisher", "short_name", "published", "dateline", "byline", "url",
                  "accessed")
NAMES = ("Leader A", "Leader B", "Alpha-1", "Alpha", "Cosmodrome X", "the cosmodrome", "ICBM",
         "Leader C", "The summit", "Northern Agency")
WORDS = ("met", "rocket", "Leader A", "Leader B", "Alpha-1", "ICBM", "cosmodrome", "said",
         "twice", "October", "Wednesday", "missile", "“very glad”", "help")
DATES = ("2023-09-13", "2023-08", "2023", "2024-01-02", "2023-09-12", "1961-04-12", "2023-13-01")
TEXTS = ("Plain words about the meeting.", "A link to [[leader-a]] and [[icbm|a missile]].",
         "**Bold** claims about [[alpha-1]].", "Mentions Leader B by name.", "",
         "A [[missing-id]] link.", "Summary with a [link](https://example.org/x).")
KINDS_OF_STATEMENT = ("fact", "claim", "assessment", "background", "rumour")
CONFIDENCE = ("low", "moderate", "high", "certain")
REFERENCES = ({"title": "A history of the North", "url": "https://example.org/history"},
              {"title": "An atlas of the East"}, {"title": "", "url": "not a url"})
BY = ("leader-a", "leader-b", "analysts", "Briefing editors", "no-such-id", None)
COORDINATES = ("51.88, 128.33", "43.1, 131.9", "-33.87, 151.21", "40, -74", "95, 10", "north")
URLS = ("https://example.org/a", "https://example.org/b", "javascript:alert(1)")


@dataclass
class Briefing:
    """The content folder as data: YAML documents by path, articles as (front matter, body)."""

    yaml: dict[str, Any] = field(default_factory=dict)
    articles: dict[str, tuple[dict[str, Any], list[str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Briefing:
        briefing = cls()
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.suffix == ".yaml":
                briefing.yaml[rel] = yaml.load(path.read_text(encoding="utf-8"),
                                               Loader=yaml.BaseLoader)
            elif path.suffix == ".md":
                _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
                briefing.articles[rel] = (yaml.load(front, Loader=yaml.BaseLoader),
                                          [b for b in body.strip().split("\n\n") if b])
        return briefing

    def write(self, root: Path) -> None:
        """Make the folder hold exactly this briefing."""
        if root.exists():
            shutil.rmtree(root)
        for rel, data in self.yaml.items():
            _write(root / rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                              width=1000))
        for rel, (front, blocks) in self.articles.items():
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False,
                                            width=1000) + "---\n\n" + "\n\n".join(blocks) + "\n"
            _write(root / rel, text)

    def profiles(self) -> list[str]:
        return [rel for rel in self.yaml if rel.startswith("profiles/")]

    def ids(self) -> list[str]:
        found = [Path(rel).stem for rel in self.profiles()]
        terms = self.yaml.get("glossary.yaml") or []
        found += [t.get("id", "") for t in terms if isinstance(t, dict)]
        return found

    def quotes(self) -> list[tuple[str, str]]:
        """(article id, words of one of its paragraphs): mostly quotes that will be found."""
        found = []
        for rel, (_, blocks) in self.articles.items():
            for block in blocks:
                words = [w for w in block.split() if w.isalpha()]
                if len(words) >= 3:
                    found.append((Path(rel).stem, " ".join(words[:3])))
        return found


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


Edit = Callable[[Briefing], None]


def _set(container: dict[str, Any], name: str, value: Any) -> None:
    if value is None:
        container.pop(name, None)
    else:
        container[name] = value


def _statement(draw: st.DrawFn, briefing: Briefing) -> dict[str, Any]:
    quotes = briefing.quotes()
    source, quote = draw(st.sampled_from(quotes)) if quotes else ("wire", "nothing")
    statement: dict[str, Any] = {"text": draw(st.sampled_from(TEXTS[:4])),
                                 "sources": [{"source": source, "quote": quote}]}
    kind = draw(st.sampled_from(("fact", "claim", "assessment", "background")))
    if kind in ("claim", "assessment"):
        statement["kind"] = kind
        statement["by"] = draw(st.sampled_from(BY[:4]))
    if kind == "assessment":
        statement["confidence"] = draw(st.sampled_from(CONFIDENCE[:3]))
    elif kind == "background":
        statement["kind"] = kind
        del statement["sources"]
        _set(statement, "reference", _reference(draw))
    return statement


STATEMENT_FIELDS = ("text", "kind", "by", "confidence", "as_of", "sources.quote",
                    "sources.source", "sources.add", "reference")


def _reference(draw: st.DrawFn) -> dict[str, str] | None:
    """A work outside the briefing, or none (a copy: YAML would write a shared one as an
    alias)."""
    reference = draw(st.sampled_from(REFERENCES + (None,)))
    return dict(reference) if reference is not None else None


def _statements(draw: st.DrawFn, briefing: Briefing, statements: list[dict[str, Any]],
                what: str) -> str:
    """Add a statement to a list ("add"), remove one ("remove"), or change one field of one
    (a name of STATEMENT_FIELDS); what was done."""
    if what == "add" or not statements:
        statements.append(_statement(draw, briefing))
        return "add"
    index = draw(st.integers(0, len(statements) - 1))
    if what == "remove":
        del statements[index]
        return "remove"
    return _statement_field(draw, briefing, statements[index], what)


def _statement_field(draw: st.DrawFn, briefing: Briefing, statement: dict[str, Any],
                     name: str) -> str:
    """Change one field of a statement (one of STATEMENT_FIELDS); the name of the field."""
    if name == "text":
        statement["text"] = draw(st.sampled_from(TEXTS))
    elif name == "kind":
        _set(statement, "kind", draw(st.sampled_from(KINDS_OF_STATEMENT + (None,))))
    elif name == "by":
        _set(statement, "by", draw(st.sampled_from(BY)))
    elif name == "as_of":
        _set(statement, "as_of", draw(st.sampled_from(DATES + (None,))))
    elif name == "confidence":
        _set(statement, "confidence", draw(st.sampled_from(CONFIDENCE + (None,))))
    elif name == "reference":
        _set(statement, "reference", _reference(draw))
    else:
        quotes = briefing.quotes()
        if not quotes:
            return name
        source, quote = draw(st.sampled_from(quotes))
        sources = statement.setdefault("sources", [])
        if name == "sources.add" or not sources:
            sources.append({"source": source, "quote": quote})
        elif name == "sources.quote":
            sources[0]["quote"] = quote
        else:
            sources[0]["source"] = draw(st.sampled_from((source, "agency", "wire", "nowhere")))
    return name


ARTICLE_PARTS = ARTICLE_FIELDS + ("body.replace", "body.insert", "body.delete", "body.heading",
                                  "body.mention")
# a statement's fields are edits of their own, drawn as often as any other field
PROFILE_PARTS = ("name", "aliases", "variants", "summary", "facts.add", "facts.remove",
                 *(f"facts.{f}" for f in STATEMENT_FIELDS), "relations") + tuple(
    dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields)) + ("long_form",)
GLOSSARY_PARTS = ("add", "remove", "id", "term", "aliases", "variants", "short", "definition",
                  "sources", "background", "reference")
COMPARISON_PARTS = ("add", "remove", "id", "topic", "aspect", "note", "accounts.quote",
                    "accounts.says", "accounts.source")
SITE_PARTS = ("title", "subtitle", "language", "base_url",
              *(f"bottom_line.{f}" for f in STATEMENT_FIELDS), "key_judgments.add",
              "key_judgments.remove", *(f"key_judgments.{f}" for f in STATEMENT_FIELDS),
              "key_judgments.alternative", "gaps", "indicators", "editors", "alias_owners",
              "event")
FILE_PARTS = ("profile.add", "profile.remove", "profile.rename", "profile.move", "article.add",
              "article.remove", "article.rename")
# every edit, by the file kind and the field it changes: drawn alike, so that each is reached
EDITS = ([("article", p) for p in ARTICLE_PARTS] + [("profile", p) for p in PROFILE_PARTS]
         + [("glossary", p) for p in GLOSSARY_PARTS]
         + [("comparisons", p) for p in COMPARISON_PARTS] + [("site", p) for p in SITE_PARTS]
         + [("file", p) for p in FILE_PARTS])


@st.composite
def edits(draw: st.DrawFn, briefing: Briefing, which: tuple[str, str] | None = None
          ) -> tuple[str, Briefing]:
    """One edit (`which` of EDITS, or one drawn): its name, and the briefing after it (the one
    given is not changed)."""
    new = copy.deepcopy(briefing)
    kind, part = which if which is not None else draw(st.sampled_from(EDITS))
    name = {"article": _article, "profile": _profile, "glossary": _glossary,
            "comparisons": _comparisons, "site": _site, "file": _file}[kind](draw, new, part)
    return f"{kind}.{name}", new


def _article(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    if not briefing.articles:
        return "none"
    rel = draw(st.sampled_from(sorted(briefing.articles)))
    front, blocks = briefing.articles[rel]
    if part in ("published", "accessed"):
        _set(front, part, draw(st.sampled_from(DATES + ((None,) if part == "accessed" else ()))))
    elif part == "url":
        _set(front, part, draw(st.sampled_from(URLS + (None,))))
    elif part in ARTICLE_FIELDS:
        required = part in ("title", "publisher")
        _set(front, part, draw(st.sampled_from(NAMES + (("",) if required else (None,)))))
    elif not blocks:
        blocks.append("A new paragraph.")
    else:
        at = draw(st.integers(0, len(blocks) - 1))
        if part == "body.replace":
            words = blocks[at].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            blocks[at] = " ".join(words)
        elif part == "body.insert":
            blocks.insert(at, draw(st.sampled_from(("A new paragraph.", "Leader B spoke.",
                                                    "- a list item\n- another"))))
        elif part == "body.delete" and len(blocks) > 1:
            del blocks[at]
        elif part == "body.heading":
            blocks.insert(at, "## " + draw(st.sampled_from(("Context", "Leader A", "Aftermath"))))
        else:
            blocks[at] += " " + draw(st.sampled_from(NAMES)) + " was named."
    return part


def _profile(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    own = [k for k, fields in KIND_FIELDS.items() if part in fields]  # none: every kind has it
    profiles = [rel for rel in briefing.profiles() if isinstance(briefing.yaml[rel], dict)
                and (not own or rel.split("/")[1] in own)]
    if not profiles and not own:
        return "none"
    if not profiles:  # no profile of a kind with this field: the field is set on a new one
        kind = draw(st.sampled_from(own))
        rel = f"profiles/{kind}/{draw(st.sampled_from(NEW_IDS))}.yaml"
        briefing.yaml[rel] = _new_profile(draw, kind)
    else:
        rel = draw(st.sampled_from(profiles))
    data = briefing.yaml[rel]
    if part == "name":
        data["name"] = draw(st.sampled_from(NAMES + ("",)))
    elif part in ("aliases", "variants"):
        aliases = data.setdefault(part, [])
        if aliases and draw(st.booleans()):
            aliases.pop()
        else:
            aliases.append(draw(st.sampled_from(NAMES)))
    elif part == "summary":
        data["summary"] = draw(st.sampled_from(TEXTS))
    elif part.startswith("facts."):
        return "facts." + _statements(draw, briefing, data.setdefault("facts", []),
                                      part[len("facts."):])
    elif part == "relations":
        relations = data.setdefault("relations", {})
        rel_type = draw(st.sampled_from(RELATIONS))
        targets = relations.setdefault(rel_type, [])
        if targets and draw(st.booleans()):
            targets.pop()
            if not targets:
                del relations[rel_type]
        else:
            targets.append(draw(st.sampled_from(briefing.ids() + ["nobody"])))
    elif part == "participants":
        data["participants"] = [f"[[{i}]]" for i in draw(st.lists(
            st.sampled_from(briefing.ids()), max_size=2))] or ["Someone"]
    elif part in ("date", "end_date"):
        _set(data, part, draw(st.sampled_from(DATES + ((None,) if part == "end_date" else ()))))
    elif part == "coordinates":
        _set(data, part, draw(st.sampled_from(COORDINATES + (None,))))
    elif part == "long_form":
        return _long_form(draw, briefing, data, rel.split("/")[1])
    else:
        _set(data, part, draw(st.sampled_from(TEXTS[:4] + NAMES[:3] + (None,))))
    return part


def _long_form(draw: st.DrawFn, briefing: Briefing, data: dict[str, Any], kind: str) -> str:
    """One typed field of a profile written in another form: its value alone, cited with
    {value, sources}, or the editors' own with {value, background} and maybe a reference (or
    with both, or neither, which do not build); the form's name."""
    name = draw(st.sampled_from([f for f in KIND_FIELDS[kind] if f != "date_note"]))
    value = data.get(name)
    if isinstance(value, dict):
        value = value.get("value")
    if value is None:
        value = {"coordinates": COORDINATES[0], "date": DATES[0], "end_date": DATES[0],
                 "participants": ["Someone"]}.get(name, NAMES[0])
    form = draw(st.sampled_from(("value", "sources", "background", "reference", "both", "bare")))
    quotes = briefing.quotes() or [("wire", "no article left to quote")]
    cited = [{"source": s, "quote": q}
             for s, q in draw(st.lists(st.sampled_from(quotes), min_size=1, max_size=2))]
    data[name] = {"value": {"value": value}, "sources": {"value": value, "sources": cited},
                  "background": {"value": value, "background": True},
                  "reference": {"value": value, "background": True, "reference": _reference(
                      draw) or dict(REFERENCES[0])},
                  "both": {"value": value, "background": True, "sources": cited},
                  "bare": value}[form]
    return f"long_form.{form}"


def _glossary(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    terms = briefing.yaml.setdefault("glossary.yaml", [])
    if part == "add" or not terms:
        terms.append({"id": draw(st.sampled_from(("sat", "orbit", "icbm"))),
                      "term": draw(st.sampled_from(("Satellite", "Orbit", "Rocket"))),
                      "short": "A short line.", "definition": draw(st.sampled_from(TEXTS[:4]))})
        return "add"
    term = terms[draw(st.integers(0, len(terms) - 1))]
    if part == "remove":
        terms.remove(term)
    elif part == "id":
        term["id"] = draw(st.sampled_from(("sat", "orbit", "icbm", "alpha-1", "Not An Id")))
    elif part == "background":
        _set(term, "background", draw(st.sampled_from((True, False, None))))
    elif part == "reference":
        _set(term, "reference", _reference(draw))
    elif part in ("aliases", "variants"):
        term[part] = draw(st.lists(
            st.sampled_from(("ICBM", "ICBMs", "rocket", "Alpha")), max_size=3, unique=True))
    elif part == "sources":
        quotes = briefing.quotes() or [("wire", "no article left to quote")]
        term["sources"] = [{"source": s, "quote": q}
                           for s, q in draw(st.lists(st.sampled_from(quotes), max_size=2))]
    elif part == "definition":
        term["definition"] = draw(st.sampled_from(TEXTS))
    else:
        term[part] = draw(st.sampled_from(NAMES + ("A short line.",)))
    return part


def _comparisons(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    points = briefing.yaml.setdefault("comparisons.yaml", [])
    quotes = briefing.quotes() or [("wire", "no article left to quote")]
    if part == "add" or not points:
        accounts = [{"source": s, "quote": q}
                    for s, q in draw(st.lists(st.sampled_from(quotes), min_size=2, max_size=2))]
        points.append({"id": draw(st.sampled_from(("when", "who", "dates"))), "topic": "Who",
                       "aspect": "facts", "accounts": accounts, "note": "A note."})
        return "add"
    point = points[draw(st.integers(0, len(points) - 1))]
    if part == "remove":
        points.remove(point)
    elif part == "id":
        point["id"] = draw(st.sampled_from(("when", "who", "dates", "Not An Id")))
    elif part == "aspect":
        point["aspect"] = draw(st.sampled_from(("facts", "framing", "emphasis", "omission",
                                                "gossip")))
    elif part in ("topic", "note"):
        point[part] = draw(st.sampled_from(TEXTS[:4]))
    else:
        account = point["accounts"][draw(st.integers(0, len(point["accounts"]) - 1))]
        if part == "accounts.says":
            _set(account, "says", draw(st.sampled_from(TEXTS[:4] + (None,))))
        elif quotes:
            source, quote = draw(st.sampled_from(quotes))
            account["quote"] = quote
            if part == "accounts.source":
                account["source"] = source
    return part


def _site(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    site = briefing.yaml.setdefault("site.yaml", {})
    if part == "title":
        site["title"] = draw(st.sampled_from(("Test Briefing", "Another Briefing", "")))
    elif part == "subtitle":
        _set(site, "subtitle", draw(st.sampled_from(("A subtitle", "Another one", None))))
    elif part == "language":
        _set(site, "language", draw(st.sampled_from(("en", "en-GB", "fr", None))))
    elif part == "base_url":
        _set(site, "base_url", draw(st.sampled_from(("https://example.org/", "https://x.org/b/",
                                                     None))))
    elif part.startswith("bottom_line."):
        return "bottom_line." + _statement_field(draw, briefing, site.setdefault(
            "bottom_line", _statement(draw, briefing)), part[len("bottom_line."):])
    elif part == "event":
        _set(site, "event", draw(st.sampled_from(briefing.ids() + ["nobody", None])))
    elif part in ("gaps", "indicators"):
        return f"{part}." + _statements(draw, briefing, site.setdefault(part, []), draw(
            st.sampled_from(("add", "remove", *STATEMENT_FIELDS))))
    elif part == "editors":
        _set(site, "editors", draw(st.sampled_from(("Briefing editors", "The desk", "", None))))
    elif part == "alias_owners":
        owners = site.setdefault("alias_owners", {})
        owners[draw(st.sampled_from(NAMES))] = draw(st.sampled_from(briefing.ids() + ["nobody"]))
    else:
        judgments = site.setdefault("key_judgments", [])
        what = part[len("key_judgments."):]
        if what == "alternative" and judgments:
            judgment = judgments[draw(st.integers(0, len(judgments) - 1))]
            if "alternative" in judgment and draw(st.booleans()):
                return part + "." + _statement_field(draw, briefing, judgment["alternative"],
                                                     draw(st.sampled_from(STATEMENT_FIELDS)))
            _set(judgment, "alternative",
                 _statement(draw, briefing) if draw(st.booleans()) else None)
        else:
            return "key_judgments." + _statements(draw, briefing, judgments, what)
    return part


def _file(draw: st.DrawFn, briefing: Briefing, part: str) -> str:
    """Files added, removed, renamed and moved between kinds."""
    new_id = draw(st.sampled_from(NEW_IDS))
    if part.startswith("profile"):
        profiles = briefing.profiles()
        if part == "profile.add" or not profiles:
            kind = draw(st.sampled_from(KINDS))
            briefing.yaml[f"profiles/{kind}/{new_id}.yaml"] = _new_profile(draw, kind)
            return part
        rel = draw(st.sampled_from(profiles))
        data = briefing.yaml.pop(rel)
        if part == "profile.remove":
            return part
        kind = rel.split("/")[1]
        if part == "profile.move":
            kind = draw(st.sampled_from(KINDS))
            if isinstance(data, dict):  # keep only the fields every kind has, and a date
                data = {k: v for k, v in data.items()
                        if k in ("name", "aliases", "summary", "facts", "relations")}
                if kind == "event":
                    data["date"] = "2023-09-13"
            briefing.yaml[f"profiles/{kind}/{Path(rel).stem}.yaml"] = data
        else:
            briefing.yaml[f"profiles/{kind}/{new_id}.yaml"] = data
        return part
    articles = sorted(briefing.articles)
    if part == "article.add" or not articles:
        source = briefing.articles[articles[0]] if articles else (
            {"title": "New", "publisher": "P", "published": "2023"}, ["Text."])
        briefing.articles[f"articles/{new_id}.md"] = copy.deepcopy(source)
        return part
    rel = draw(st.sampled_from(articles))
    article = briefing.articles.pop(rel)
    if part == "article.rename":
        briefing.articles[f"articles/{new_id}.md"] = article
    return part


def _new_profile(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    data = {"name": draw(st.sampled_from(NAMES)), "summary": "A new entry."}
    if kind == "event":
        data["date"] = "2023-09-13"
    return data


def fixture() -> Briefing:
    return Briefing.read(MINI)
