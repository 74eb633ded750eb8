"""Editorial checks of analytic rigor, for `briefing check`.

A statement must be no stronger than the passage it cites, and must say who said what the
passage attributes to someone; a typed field or a glossary definition must either cite the
articles or say it is the editors' own knowledge (background).

The checks read the passage a citation is pinned to: the quoted words, and the words of their
sentence that frame them ("experts say ...", "... , the South Korean military said."). They
are built to be rare in false positives, and so miss some cases: a hedge or an attribution in
another clause of the sentence, or in another sentence, is not seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.model import Article, Content, Statement
from generator.diagnostics import Diagnostic, warning
from generator.linking.articles import ArticleText
from generator.linking.citations import Pin
from generator.linking.link import Graph

# Words that make a passage less than certain: a statement that drops them overstates it.
HEDGES = ("may", "might", "could", "likely", "unlikely", "probably", "possibly", "possible",
          "perhaps", "apparently", "appear", "appears", "appeared", "seem", "seems", "seemed",
          "suggest", "suggests", "suggested", "hint", "hints", "hinted", "unclear", "uncertain",
          "purported", "purportedly", "alleged", "allegedly", "potential", "potentially",
          "reportedly", "no evidence", "in theory", "best of our knowledge")
# Words in a statement that show it keeps some hedge of its own.
KEPT_HEDGES = HEDGES + ("whether", "if", "doubt", "doubts", "doubted", "doubtful", "question",
                        "questions", "expect", "expects", "expected", "believe", "believes",
                        "think", "thinks", "estimate", "estimates", "not clear")
# Words by which a passage attributes what it says to someone.
REPORTING = ("said", "says", "say", "saying", "told", "according to", "reported", "claimed",
             "quoted", "state media", "state television")
# Verbs that introduce the words right after them ("experts say Russia will ...").
LEADING = REPORTING + ("adding", "added")
# Words that show a fact keeps an attribution.
KEPT_ATTRIBUTIONS = LEADING + ("reports", "reportedly", "claims", "claim", "tells", "warned",
                               "stressed", "vowed", "announced", "stated", "cited", "showed",
                               "concluded", "judged", "assessed", "expressed", "called")
# Words that start a clause which is not an attribution ("..., where Putin said ...").
NOT_ATTRIBUTION = ("where", "which", "who", "whom", "whose", "when", "while", "that", "as",
                   "if", "because", "though", "although", "and", "but", "after", "before")
# Modals that reported speech shifts back ("it said could launch" for "it says can launch"):
# right after a reporting word they report, not hedge.
BACKSHIFTED = ("could", "might")
FRAME_WORDS = 2  # how many words may stand between a leading hedge and the quote
SPEAKER_WORDS = 6  # how many words the speaker in "..., the South Korean military said" may have
TAIL_WORDS = 6  # and how many may follow the reporting word ("said in advance of the meeting")
OPENER_WORDS = 6  # how long a sentence's opening hedge may be ("To the best of our knowledge,")

_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘']?[A-Z])")
_CLAUSE_BREAK = re.compile(r"[,;:–—]")
_OPENING_QUOTES = "“\"‘' "
_WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words, whole, in lower case (a capital only where a sentence starts)."""
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])(?:{alternatives})(?![\w’'-])")


HEDGE_RE = _words(HEDGES)
KEPT_HEDGE_RE = _words(KEPT_HEDGES)
REPORTING_RE = _words(REPORTING)
KEPT_ATTRIBUTION_RE = _words(KEPT_ATTRIBUTIONS)
LEADING_WORD_RE = _words(LEADING)
LEADING_RE = re.compile(rf"(?:{LEADING_WORD_RE.pattern})(?:\s+that)?\s*$")
LEADING_HEDGE_RE = re.compile(rf"({HEDGE_RE.pattern})(?:\s+[\w’'-]+){{0,{FRAME_WORDS}}}\s*$")


def _lower_start(text: str) -> str:
    """The text with the first letter of each sentence in lower case, so that 'May' at the
    start of a sentence reads as the verb and 'May' elsewhere as the month."""
    return re.sub(r"(^|[.!?][”\"’']?\s+[“\"‘']?)([A-Z])",
                  lambda m: m.group(1) + m.group(2).lower(), text)


@dataclass(frozen=True)
class Passage:
    """A cited passage: the quoted words and the rest of their sentence on either side."""

    label: str  # "AP ¶7"
    before: str
    quote: str
    after: str

    def hedge(self) -> str | None:
        """The word by which the passage hedges the quoted point, if any."""
        quote = _lower_start(self.quote)
        for found in HEDGE_RE.finditer(quote):
            preceding = (self.before + quote[:found.start()]).split()[-2:]
            if found.group(0) in BACKSHIFTED and \
                    REPORTING_RE.search(_lower_start(" ".join(preceding))):
                continue
            return _clean(found.group(0))
        before = _lower_start(self.before)
        lead = LEADING_HEDGE_RE.search(_clause_end(before))
        if lead:
            return _clean(lead.group(1))
        parts = _CLAUSE_BREAK.split(before, 1)
        opener, between = (parts[0], parts[1]) if len(parts) == 2 else ("", "")
        opening = HEDGE_RE.search(opener)
        # an opening hedge covers the quote, unless a quotation closes or a reporting word
        # comes between them ("'To our knowledge, X,' said Y of Z": Z is not hedged)
        if opening and len(opener.split()) <= OPENER_WORDS and "”" not in between \
                and not REPORTING_RE.search(between):
            return _clean(opening.group(0))
        return None

    def attribution(self) -> str | None:
        """The word by which the passage attributes the quoted point to someone, if any."""
        quote = _lower_start(self.quote)
        for found in REPORTING_RE.finditer(quote):
            if not quote[:found.start()].strip() and _names_speaker(self.quote[found.end():]):
                continue  # "said Lee Choon Geun of ...": the quote is who speaks, not what
            return _clean(found.group(0))
        before = _lower_start(self.before).rstrip(_OPENING_QUOTES)
        if before.startswith("according to") and _CLAUSE_BREAK.search(before):
            return "according to"
        lead = LEADING_RE.search(before)
        if lead:
            return _clean(LEADING_WORD_RE.search(lead.group(0)).group(0))  # type: ignore[union-attr]
        return _trailing_attribution(self.after)


def _names_speaker(text: str) -> bool:
    """True if the text starts with a name (a capital), as after an inverted "said"."""
    words = text.split()
    return bool(words) and words[0][:1].isupper()


def _clean(word: str) -> str:
    return " ".join(word.split()).lower()


def _clause_end(text: str) -> str:
    """The last clause of a text: what follows its last comma, colon or dash."""
    parts = _CLAUSE_BREAK.split(text)
    return parts[-1]


def _trailing_attribution(after: str) -> str | None:
    """The reporting word of an attribution that ends the sentence after the quote:
    "..., the South Korean military said." or "..., said Lee Choon Geun of ...". A clause that
    follows the quote at once with no speaker ("..., [quote], told AFP.") names the speaker
    with the quote, and attributes nothing to it."""
    first, *clauses = _CLAUSE_BREAK.split(after)
    for index, clause in enumerate(clauses):
        words = clause.strip(_OPENING_QUOTES + "”.!?").split()
        if not words or words[0].lower() in NOT_ATTRIBUTION:
            continue
        text = " ".join(words)
        found = REPORTING_RE.search(_lower_start(text))
        if not found:
            continue
        if _clean(found.group(0)) == "according to":
            return "according to"
        speaker, rest = text[:found.start()].split(), text[found.end():]
        if not speaker and index == 0 and not first.strip(_OPENING_QUOTES + "”"):
            return None
        inverted = not speaker and _names_speaker(rest)
        if len(speaker) <= SPEAKER_WORDS and (inverted or len(rest.split()) <= TAIL_WORDS):
            return _clean(found.group(0))
    return None


def passage(label: str, text: str, start: int, end: int) -> Passage:
    """The sentence of a paragraph's text that holds text[start:end], split around it."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    following = _SENTENCE_END.search(text, end)
    sentence_end = following.start() if following else len(text)
    return Passage(label, text[sentence_start:start], text[start:end], text[end:sentence_end])


def pinned(pin: Pin, article: Article, text_of: ArticleText) -> Passage:
    """The passage a citation is pinned to."""
    text = text_of.paragraphs[pin.paragraph - 1].text
    start = max(text.find(pin.highlight), 0)
    return passage(f"{article.label} ¶{pin.paragraph}", text, start, start + len(pin.highlight))


def plain(markdown: str) -> str:
    """A statement's words, with [[id|label]] links as their labels."""
    text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1).replace("-", " "), markdown)
    return _lower_start(" ".join(text.split()))


def overstatement(text: str, passages: list[Passage]) -> tuple[Passage, str] | None:
    """The passage and word by which every cited passage hedges what the text states flatly
    (None if the text keeps a hedge, or a passage does not hedge)."""
    if not passages or KEPT_HEDGE_RE.search(plain(text)):
        return None
    hedges = [(p, p.hedge()) for p in passages]
    if not all(word for _, word in hedges):
        return None
    return hedges[0][0], str(hedges[0][1])


def dropped_attribution(text: str, passages: list[Passage]) -> tuple[Passage, str] | None:
    """The passage and word by which every cited passage attributes what the text states
    without saying who (None if the text keeps an attribution, or a passage has none)."""
    if not passages or KEPT_ATTRIBUTION_RE.search(plain(text)):
        return None
    found = [(p, p.attribution()) for p in passages]
    if not all(word for _, word in found):
        return None
    return found[0][0], str(found[0][1])


class Rigor:
    def __init__(self, content: Content, graph: Graph) -> None:
        self.graph = graph
        self.articles = {a.id: a for a in content.articles}

    def passages(self, statement: Statement) -> list[Passage]:
        pins = [self.graph.pins.get(c) for c in statement.sources]
        return [pinned(pin, self.articles[pin.article], self.graph.texts[pin.article])
                for pin in pins if pin is not None]

    def overstated(self, statement: Statement) -> Diagnostic | None:
        """A fact or claim that states flatly what every passage it cites hedges (an
        assessment says how sure it is with its confidence)."""
        if statement.kind not in ("fact", "claim"):
            return None
        found = overstatement(statement.text.source, self.passages(statement))
        if found is None:
            return None
        where, word = found
        return warning(statement.loc, "overstated",
                       f"the cited passage ({where.label}) hedges with '{word}' but this "
                       f"{statement.kind} states the point flatly: keep the hedge in the text, "
                       "or make it an assessment with a confidence")

    def unattributed(self, statement: Statement) -> Diagnostic | None:
        """A fact whose every cited passage attributes the point, while it does not (a claim
        or a fact with 'by' names who says it)."""
        if statement.kind != "fact" or statement.by:
            return None
        found = dropped_attribution(statement.text.source, self.passages(statement))
        if found is None:
            return None
        where, word = found
        return warning(statement.loc, "dropped-attribution",
                       f"the cited passage ({where.label}) attributes the point with '{word}' "
                       "but this fact does not say who: name the source in the text, or make "
                       "it a claim with 'by'")


def statement_problems(content: Content, graph: Graph) -> list[Diagnostic]:
    """Overstatements and dropped attributions, at the line of each statement."""
    rigor = Rigor(content, graph)
    problems = []
    for _, statement in content.statements():
        for found in (rigor.overstated(statement), rigor.unattributed(statement)):
            if found is not None:
                problems.append(found)
    return problems


def unsourced_fields(content: Content) -> list[Diagnostic]:
    """Typed fields and glossary definitions that neither cite nor say they are background."""
    problems = []
    for profile in content.profiles:
        for name, basis in profile.bases:
            if not basis.sources and not basis.background:
                problems.append(warning(
                    basis.loc, "uncited-field",
                    f"'{name}' of {profile.name} neither cites the articles nor is marked "
                    "background: write it as {value: ..., sources: [...]}, or {value: ..., "
                    "background: true} if the editors know it from elsewhere"))
    for term in content.terms:
        if not term.sources and not term.background:
            problems.append(warning(
                term.loc, "uncited-definition",
                f"the definition of '{term.term}' neither cites the articles nor is marked "
                "background: add 'sources' where the articles use or explain the term, or "
                "'background: true' if it is the editors' own knowledge"))
    return problems


def rigor(content: Content, graph: Graph) -> list[Diagnostic]:
    """Every rigor warning."""
    return statement_problems(content, graph) + unsourced_fields(content)
