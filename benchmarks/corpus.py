"""A deterministic synthetic briefing of any size, in the content format of docs/content-model.md.

`generate(n, folder)` writes n articles (about 800 words: 12 paragraphs in 4 sections), n/10
profiles of all five kinds (at least 25), 200 glossary terms, site.yaml and comparisons.yaml.

- Every name is built from invented words that no other name and no word of the article text
  uses, so each name and alias has exactly one owner and never matches inside other text.
- Each section of an article mentions about 12 profiles and terms, several per paragraph, so an
  article carries about 48 links; five popular entities appear in most articles.
- Every sentence a citation quotes carries a figure used nowhere else in its article, so each
  quote names exactly one paragraph; no sentence is quoted twice.
- All randomness comes from one `random.Random(seed)`, so the same n and seed give
  byte-identical files.

The fixed text comes from wordlists.py. `python -m benchmarks.corpus --articles 100 --out
/tmp/corpus` writes a corpus from the shell.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from benchmarks.wordlists import (CLOSERS, EVENT_NOUNS, FIRST_NAMES, HEADINGS, MONTHS,
                                  ORG_FORMS, PLACE_FORMS, PUBLISHERS, RELATION_RULES, ROLES,
                                  SYLLABLE_CODAS, SYLLABLE_ONSETS, SYLLABLE_VOWELS, SYSTEM_TYPES,
                                  TEMPLATES, TERM_GLOSSES, TERM_NOUNS, TITLES, WEEKDAYS)

ARTICLE_PARAGRAPHS = 12
SECTION_STARTS = (4, 7, 10)  # a `##` heading comes before these paragraphs
SENTENCES_PER_PARAGRAPH = 3  # quotable sentences; each paragraph ends with one more, unquoted
TERMS = 200
MIN_PROFILES = 25
POPULAR_SHARE = 0.85  # share of articles that mention each popular entity

# How many profiles of each kind, per 100 profiles.
KIND_SHARES = {"person": 30, "place": 20, "organization": 20, "system": 15, "event": 15}
# The mix each section of an article draws on, per kind (and the article's wider pool).
SECTION_MIX = {"person": 3, "organization": 2, "place": 2, "system": 1, "event": 1, "term": 4}
ARTICLE_POOL = {"person": 8, "organization": 5, "place": 5, "system": 3, "event": 3, "term": 8}
ACTOR_KINDS = ("person", "organization", "place")

_SLOT_RE = re.compile(r"\{(\w+)\}")


@dataclass
class Entity:
    """A profile or glossary term, with the forms the articles use for it."""

    id: str
    kind: str  # a profile kind, or "term"
    name: str
    aliases: tuple[str, ...]
    detail: str = ""  # what kind of place or organization it is

    @property
    def path(self) -> str:
        return f"profiles/{self.kind}/{self.id}.yaml"


@dataclass(frozen=True)
class Sentence:
    article: str
    text: str
    entities: tuple[tuple[str, str], ...]  # (entity id, form used), in order


@dataclass(frozen=True)
class Manifest:
    """What a generated corpus holds, and which files a benchmark edits."""

    articles: int
    profiles: int
    terms: int
    edit_article: str  # paths relative to the content folder
    edit_profile: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _vocabulary() -> set[str]:
    """Every word of the fixed text, so invented words cannot coincide with one."""
    fixed = " ".join([*TEMPLATES, *CLOSERS, *HEADINGS, *TITLES, *WEEKDAYS, *MONTHS, *ROLES,
                      *SYSTEM_TYPES, *EVENT_NOUNS, *TERM_NOUNS, *TERM_GLOSSES, *FIRST_NAMES,
                      *(p for pair in PUBLISHERS for p in pair),
                      *(p for form in PLACE_FORMS for p in form),
                      *(p for form in ORG_FORMS for p in form)])
    return {w.casefold() for w in re.findall(r"[A-Za-z]+", fixed)}


class WordMaker:
    """Invented words, each handed out once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken = _vocabulary()

    def word(self) -> str:
        rng = self.rng
        while True:
            syllables = rng.choice((2, 2, 3))
            word = "".join(rng.choice(SYLLABLE_ONSETS) + rng.choice(SYLLABLE_VOWELS)
                           for _ in range(syllables)) + rng.choice(SYLLABLE_CODAS)
            if len(word) >= 5 and word not in self.taken:
                self.taken.add(word)
                return word


class ZipfPicker:
    """Draws items of a list, the first ones much more often than the last."""

    def __init__(self, items: list[Entity], exponent: float = 0.9) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** exponent
                                                    for rank in range(len(items))))

    def one(self, rng: random.Random) -> Entity:
        at = rng.random() * self.cumulative[-1]
        return self.items[min(bisect_left(self.cumulative, at), len(self.items) - 1)]

    def distinct(self, rng: random.Random, count: int) -> list[Entity]:
        count = min(count, len(self.items))
        chosen: dict[str, Entity] = {}
        for _ in range(count * 20):
            if len(chosen) == count:
                break
            item = self.one(rng)
            chosen.setdefault(item.id, item)
        return list(chosen.values())


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _article(noun: str) -> str:
    return "An" if noun[:1] in "aeiou" else "A"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Corpus:
    n_articles: int
    seed: int
    rng: random.Random = field(init=False)
    words: WordMaker = field(init=False)
    by_kind: dict[str, list[Entity]] = field(init=False, default_factory=dict)
    pickers: dict[str, ZipfPicker] = field(init=False, default_factory=dict)
    entities: dict[str, Entity] = field(init=False, default_factory=dict)
    popular: list[Entity] = field(init=False, default_factory=list)
    sentences: list[Sentence] = field(init=False, default_factory=list)
    sentences_of: dict[str, list[int]] = field(init=False, default_factory=dict)
    quoted: set[int] = field(init=False, default_factory=set)
    published: dict[str, str] = field(init=False, default_factory=dict)
    acronyms: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.words = WordMaker(self.rng)

    # ------------------------------------------------------------------ entities
    def make_entities(self) -> None:
        total = max(self.n_articles // 10, MIN_PROFILES)
        counts = {kind: max(2, total * share // 100) for kind, share in KIND_SHARES.items()}
        counts["person"] += total - sum(counts.values())
        makers = {"person": self._person, "place": self._place, "organization": self._org,
                  "system": self._system, "event": self._event}
        for kind, maker in makers.items():
            self.by_kind[kind] = [maker(index) for index in range(counts[kind])]
        self.by_kind["term"] = [self._term() for _ in range(TERMS)]
        for kind, items in self.by_kind.items():
            self.pickers[kind] = ZipfPicker(items)
            for item in items:
                self.entities[item.id] = item
        b = self.by_kind
        self.popular = [b["place"][0], b["place"][1], b["person"][0], b["organization"][0],
                        b["system"][0]]

    def _person(self, index: int) -> Entity:
        surname = _capitalize(self.words.word())
        name = f"{self.rng.choice(FIRST_NAMES)} {surname}"
        return Entity(slug(name), "person", name, (surname,))

    def _place(self, index: int) -> Entity:
        word = _capitalize(self.words.word())
        # The first three places are countries: they give people their side.
        form = PLACE_FORMS[0] if index < 3 else self.rng.choice(PLACE_FORMS)
        name = form[1].format(w=word)
        return Entity(slug(name), "place", name, (form[2].format(w=word),), _capitalize(form[0]))

    def _org(self, index: int) -> Entity:
        word = _capitalize(self.words.word())
        suffix, detail = self.rng.choice(ORG_FORMS)
        name = f"{word} {suffix}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        if len(acronym) >= 3 and acronym not in self.acronyms:
            self.acronyms.add(acronym)
            alias = acronym
        else:
            alias = word
        return Entity(slug(name), "organization", name, (alias,), detail)

    def _system(self, index: int) -> Entity:
        word = _capitalize(self.words.word())
        name = f"{word}-{self.rng.randrange(2, 30)}"
        return Entity(slug(name), "system", name, (word,))

    def _event(self, index: int) -> Entity:
        word = _capitalize(self.words.word())
        noun = self.rng.choice(EVENT_NOUNS)
        name = f"{word} {noun}"
        return Entity(slug(name), "event", name, (f"{word} {noun.lower()}",))

    def _term(self) -> Entity:
        word = self.words.word()
        term = f"{word} {self.rng.choice(TERM_NOUNS)}"
        return Entity(slug(term), "term", term, (term + "s",))

    # ------------------------------------------------------------------ articles
    def article_ids(self) -> list[str]:
        return [f"report-{number:05d}" for number in range(1, self.n_articles + 1)]

    def article(self, article_id: str) -> str:
        rng = self.rng
        pool = {kind: self.pickers[kind].distinct(rng, size) for kind, size in ARTICLE_POOL.items()}
        popular = [e for e in self.popular if rng.random() < POPULAR_SHARE]
        figures = rng.sample(range(12, 9990), ARTICLE_PARAGRAPHS * SENTENCES_PER_PARAGRAPH)
        headings = rng.sample(HEADINGS, len(SECTION_STARTS))
        named: set[str] = set()  # entities already named in full in this article
        blocks: list[str] = []
        section_cast: list[Entity] = []
        in_section: set[str] = set()
        for number in range(1, ARTICLE_PARAGRAPHS + 1):
            if number == 1 or number in SECTION_STARTS:
                if number != 1:
                    blocks.append("## " + headings[SECTION_STARTS.index(number)])
                section_cast = self._section_cast(pool, popular, first=number == 1)
                in_section = set()
            sentences = []
            in_paragraph: set[str] = set()
            for _ in range(SENTENCES_PER_PARAGRAPH):
                template = rng.choice(TEMPLATES)
                text, used = self._fill(template, section_cast, in_section, in_paragraph, named,
                                        figures.pop())
                sentences.append(text)
                self._record(Sentence(article_id, text, used))
            sentences.append(rng.choice(CLOSERS))
            blocks.append(" ".join(sentences))
        first, second = rng.sample(pool["person"] + pool["organization"], 2)
        publisher, short = rng.choice(PUBLISHERS)
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        self.published[article_id] = published.isoformat()
        front = [
            "---",
            f"title: {_q(rng.choice(TITLES).format(a=first.name, b=second.name))}",
            f"publisher: {_q(publisher)}",
            f"short_name: {_q(short)}",
            f"published: {published.isoformat()}",
            f"dateline: {_q(rng.choice(self.by_kind['place']).name)}",
            "byline: Staff reporters",
            f"url: https://news.example.org/{article_id}",
            "---",
        ]
        return "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"

    def _section_cast(self, pool: dict[str, list[Entity]], popular: list[Entity],
                      first: bool) -> list[Entity]:
        """The entities one section is about: about a dozen, popular ones always in the lead."""
        rng = self.rng
        cast = [e for e in popular if first or rng.random() < 0.4]
        for kind, size in SECTION_MIX.items():
            have = sum(e.kind == kind for e in cast)
            others = [e for e in pool[kind] if e not in cast]
            cast += rng.sample(others, max(0, min(size - have, len(others))))
        return cast

    def _fill(self, template: str, cast: list[Entity], in_section: set[str],
              in_paragraph: set[str], named: set[str],
              figure: int) -> tuple[str, tuple[tuple[str, str], ...]]:
        rng = self.rng
        used: list[tuple[str, str]] = []

        def slot(match: re.Match[str]) -> str:
            kind = match.group(1)
            if kind == "num":
                return f"{figure:,}"
            if kind == "weekday":
                return rng.choice(WEEKDAYS)
            if kind == "month":
                return rng.choice(MONTHS)
            entity = self._pick(ACTOR_KINDS if kind == "actor" else (kind,), cast, in_section,
                                in_paragraph, {e for e, _ in used})
            in_section.add(entity.id)
            in_paragraph.add(entity.id)
            form = entity.name if entity.id not in named else rng.choice((entity.name,
                                                                          *entity.aliases))
            named.add(entity.id)
            used.append((entity.id, form))
            return form

        return _SLOT_RE.sub(slot, template), tuple(used)

    def _pick(self, kinds: tuple[str, ...], cast: list[Entity], in_section: set[str],
              in_paragraph: set[str], in_sentence: set[str]) -> Entity:
        """Prefer what the section has not mentioned yet, then what the paragraph has not."""
        candidates = [e for e in cast if e.kind in kinds and e.id not in in_sentence]
        for preferred in ([e for e in candidates if e.id not in in_section],
                          [e for e in candidates if e.id not in in_paragraph], candidates):
            if preferred:
                return self.rng.choice(preferred)
        while True:
            entity = self.pickers[self.rng.choice(kinds)].one(self.rng)
            if entity.id not in in_sentence:
                cast.append(entity)
                return entity

    def _record(self, sentence: Sentence) -> None:
        index = len(self.sentences)
        self.sentences.append(sentence)
        for entity_id, _ in sentence.entities:
            self.sentences_of.setdefault(entity_id, []).append(index)

    # ----------------------------------------------------------------- citations
    def quote(self, about: str | None = None) -> Sentence:
        """A sentence not quoted before: one that mentions `about` if there is any left."""
        candidates = self.sentences_of.get(about, []) if about else []
        if candidates:
            start = self.rng.randrange(len(candidates))
            for index in itertools.chain(candidates[start:], candidates[:start]):
                if index not in self.quoted:
                    self.quoted.add(index)
                    return self.sentences[index]
        start = self.rng.randrange(len(self.sentences))
        for index in itertools.chain(range(start, len(self.sentences)), range(start)):
            if index not in self.quoted:
                self.quoted.add(index)
                return self.sentences[index]
        raise ValueError("every sentence of the corpus is quoted already")

    def statement_lines(self, first: str, indent: str, sentence: Sentence,
                        about: Entity | None, extra: int = 0) -> list[str]:
        """A statement in YAML whose text restates the sentence with wiki links, and cites it.

        `first` starts its first line (`  - ` for a list item), `indent` the others.
        """
        rng = self.rng
        text = sentence.text
        linked = 0
        for entity_id, form in sentence.entities:
            if linked == 2 or form not in text or "[[" in form:
                continue
            label = f"[[{entity_id}]]" if form == self.entities[entity_id].name \
                else f"[[{entity_id}|{form}]]"
            text = text.replace(form, label, 1)
            linked += 1
        roll = rng.random()
        lines = [f"{first}text: {_q(text)}"]
        if roll < 0.2:
            lines.append(f"{indent}kind: claim")
            lines.append(f"{indent}by: {rng.choice(self.by_kind['person']).id}")
        elif roll < 0.3:
            lines.append(f"{indent}kind: assessment")
            lines.append(f"{indent}by: Briefing editors")
            lines.append(f"{indent}confidence: moderate")
        if rng.random() < 0.5:
            lines.append(f"{indent}as_of: {self.published[sentence.article]}")
        lines.append(f"{indent}sources:")
        for cited in [sentence] + [self.quote(about.id if about else None) for _ in range(extra)]:
            lines.append(f"{indent}  - {{source: {cited.article}, quote: {_q(cited.text)}}}")
        return lines

    # ------------------------------------------------------------------ profiles
    def profile(self, entity: Entity) -> str:
        rng = self.rng
        relations = self._relations(entity)
        related = [target for _, targets in relations for target in targets]
        aliases = ", ".join(_q(alias) for alias in entity.aliases)
        lines = [f"name: {_q(entity.name)}", f"aliases: [{aliases}]"]
        lines += self._kind_fields(entity)
        links = " and ".join(f"[[{target}]]" for target in related[:2]) or "the region"
        lines.append(f"summary: {_q(self._summary(entity, links))}")
        if relations:
            lines.append("relations:")
            for rel_type, targets in relations:
                lines.append(f"  {rel_type}: [{', '.join(targets)}]")
        lines.append("facts:")
        for _ in range(rng.randint(2, 4)):
            lines += self.statement_lines("  - ", "    ", self.quote(entity.id), entity,
                                          extra=int(rng.random() < 0.4))
        return "\n".join(lines) + "\n"

    def _summary(self, entity: Entity, links: str) -> str:
        what = {"person": "An official", "place": "A location", "system": "A weapons system",
                "organization": "An organization", "event": "An event"}[entity.kind]
        return (f"{what} that the sources connect with {links}. {entity.name} appears in reports "
                f"on arms transfers, sanctions and technology cooperation.")

    def _relations(self, entity: Entity) -> list[tuple[str, list[str]]]:
        rng = self.rng
        rules = RELATION_RULES[entity.kind]
        chosen: dict[str, list[str]] = {}
        for rel_type, target_kind in rng.sample(rules, rng.randint(1, min(3, len(rules)))):
            targets = [t.id for t in self.pickers[target_kind].distinct(rng, rng.randint(1, 2))
                       if t.id != entity.id]
            if targets:
                chosen[rel_type] = targets
        return list(chosen.items())

    def _kind_fields(self, entity: Entity) -> list[str]:
        rng = self.rng
        b = self.by_kind
        org = rng.choice(b["organization"]).id
        place = rng.choice(b["place"]).id
        country = rng.choice(b["place"][:3])
        if entity.kind == "person":
            return [f"role: {_q(rng.choice(ROLES))}", f"affiliation: {_q(f'[[{org}]]')}",
                    f"nationality: {_q(f'[[{country.id}]]')}", f"side: {_q(country.aliases[0])}"]
        if entity.kind == "place":
            return [f"type: {_q(entity.detail)}", f"country: {_q(f'[[{country.id}]]')}"]
        if entity.kind == "system":
            return [f"type: {_q(rng.choice(SYSTEM_TYPES))}",
                    f"propellant: {rng.choice(('Solid', 'Liquid'))}",
                    f"developer: {_q(f'[[{org}]]')}",
                    f"status: {_q(rng.choice(('In service', 'In development', 'Flight-tested')))}",
                    f"range: {_q(f'{rng.randrange(3, 120) * 100:,} km')}"]
        if entity.kind == "organization":
            return [f"type: {_q(entity.detail)}", f"country: {_q(f'[[{country.id}]]')}",
                    f"headquarters: {_q(f'[[{place}]]')}"]
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(9 * 365))
        fields = [f"date: {start.isoformat()}"]
        if rng.random() < 0.3:
            fields.append(f"end_date: {(start + timedelta(days=rng.randint(1, 3))).isoformat()}")
        people = [p.id for p in self.pickers["person"].distinct(rng, 2)]
        fields += [f"place: {_q(f'[[{place}]]')}",
                   f"participants: [{', '.join(_q(f'[[{p}]]') for p in people)}]",
                   f"outcome: {_q('No agreement was published.')}"]
        return fields

    # ------------------------------------------------------------------ glossary
    def glossary(self) -> str:
        rng = self.rng
        terms = self.by_kind["term"]
        lines: list[str] = []
        for index, term in enumerate(terms):
            other = terms[(index + 1) % len(terms)]
            noun = term.name.split()[-1]
            short = f"{_capitalize(rng.choice(TERM_GLOSSES))} for a kind of {noun}."
            definition = (f"{_article(noun)} {noun} design discussed in the sources, often "
                          f"together with the [[{other.id}]]. Its details are not public.")
            lines += [
                f"- id: {term.id}",
                f"  term: {_q(term.name)}",
                f"  aliases: [{', '.join(_q(a) for a in term.aliases)}]",
                f"  short: {_q(short)}",
                f"  definition: {_q(definition)}",
            ]
            if rng.random() < 0.5:
                sentence = self.quote(term.id)
                lines += ["  sources:",
                          f"    - {{source: {sentence.article}, quote: {_q(sentence.text)}}}"]
            lines.append("")
        return "\n".join(lines)

    # ------------------------------------------------------------ site and compare
    def site(self) -> str:
        lines = [f"title: {_q(f'Synthetic briefing of {self.n_articles:,} articles')}",
                 "subtitle: A generated corpus for build benchmarks",
                 "language: en",
                 "bottom_line:"]
        lead = self.popular[2]
        lines += self.statement_lines("  ", "  ", self.quote(lead.id), lead, extra=1)
        lines.append("key_judgments:")
        for entity in self.popular[:4]:
            lines += self.statement_lines("  - ", "    ", self.quote(entity.id), entity, extra=1)
        return "\n".join(lines) + "\n"

    def comparisons(self) -> str:
        aspects = ("facts", "framing", "emphasis", "translation", "omission")
        lines: list[str] = []
        for index, entity in enumerate(self.popular):
            lines += [f"- id: {entity.id}-coverage",
                      f"  topic: {_q(f'How the sources report on {entity.name}')}",
                      f"  aspect: {aspects[index % len(aspects)]}",
                      "  accounts:"]
            seen: set[str] = set()
            for _ in range(2 + index % 2):
                sentence = self.quote(entity.id)
                for _ in range(20):
                    if sentence.article not in seen:
                        break
                    sentence = self.quote(entity.id)
                seen.add(sentence.article)
                lines += [f"    - source: {sentence.article}",
                          f"      quote: {_q(sentence.text)}",
                          f"      says: {_q(f'Mentions [[{entity.id}]] with a specific figure.')}"]
            lines += [f"  note: {_q('The accounts give different figures; none can be verified.')}",
                      ""]
        return "\n".join(lines)

    # ----------------------------------------------------------------------- all
    def files(self) -> dict[str, str]:
        """Every file of the corpus: path relative to the content folder -> text."""
        self.make_entities()
        files: dict[str, str] = {}
        for article_id in self.article_ids():
            files[f"articles/{article_id}.md"] = self.article(article_id)
        for kind in KIND_SHARES:
            for entity in self.by_kind[kind]:
                files[entity.path] = self.profile(entity)
        files["glossary.yaml"] = self.glossary()
        files["site.yaml"] = self.site()
        files["comparisons.yaml"] = self.comparisons()
        return files

    def manifest(self) -> Manifest:
        ids = self.article_ids()
        return Manifest(articles=len(ids),
                        profiles=sum(len(self.by_kind[k]) for k in KIND_SHARES),
                        terms=len(self.by_kind["term"]),
                        edit_article=f"articles/{ids[len(ids) // 2]}.md",
                        edit_profile=self.by_kind["person"][0].path)


def generate(n_articles: int, out_dir: Path, seed: int = 1) -> Manifest:
    """Write a corpus of n articles into out_dir (replacing what was there)."""
    if n_articles < 2:
        raise ValueError("a corpus needs at least 2 articles")
    corpus = Corpus(n_articles, seed)
    files = corpus.files()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for rel, text in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return corpus.manifest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic briefing content folder.")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    manifest = generate(args.articles, args.out, args.seed)
    print(f"wrote {manifest.articles} articles, {manifest.profiles} profiles and "
          f"{manifest.terms} terms into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
