"""One memo for every stage: a value is looked up by a digest of everything it is computed
from, or computed and kept.

Every stage asks the same way: `memo.get(space, key(inputs...), compute)`. The key is a digest
of the whole input value (`key()` refuses a type it cannot digest completely), so a kept value
is reused only when its inputs are unchanged; no stage writes a key by hand. A space names
what is kept (parsed files, linked articles, pages ...), so the store can save each kind of
value as plain data. After a build, `prune()` drops every entry that build did not ask for:
the memo holds exactly what the last build used, and never grows with edits.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")
Spaces = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Stored:
    """A value as a store keeps it (a line of text), read when a build first asks for it;
    `check`: the checksum the store keeps with it, if any."""

    text: str
    check: str = ""


class Memo:
    """Values by space and key; what a build uses is kept, the rest is dropped by prune().

    A memo loaded from a store holds its values as Stored text, each read by `revive` (given
    its key and the Stored) when first asked for; one that cannot be read (a ValueError) is
    worked out again, as if it were not there.
    """

    def __init__(self, spaces: Spaces | None = None,
                 revive: Callable[[str, Stored], Any] | None = None) -> None:
        self.spaces: Spaces = spaces if spaces is not None else {}
        self.revive = revive
        self.used: dict[str, set[str]] = {}

    def _held(self, entries: dict[str, Any], key: str) -> Any:
        """The value under key, read if stored; None if there is none (or it is unreadable)."""
        value = entries.get(key)
        if type(value) is Stored:
            try:
                value = self.revive(key, value) if self.revive is not None else None
            except ValueError:
                value = None
            if value is None:
                del entries[key]
            else:
                entries[key] = value
        return value

    def get(self, space: str, key: str, compute: Callable[[], T]) -> T:
        """The value kept under key, or compute() (then kept)."""
        entries = self.spaces.setdefault(space, {})
        self.used.setdefault(space, set()).add(key)
        value = self._held(entries, key)
        if value is not None:
            return value  # type: ignore[no-any-return]
        value = entries[key] = compute()
        return value

    def find(self, space: str, key: str) -> Any:
        """The value kept under key (marked used), or None; computes nothing."""
        value = self._held(self.spaces.get(space, {}), key)
        if value is not None:
            self.used.setdefault(space, set()).add(key)
        return value

    def put(self, space: str, key: str, value: Any) -> None:
        """Keep a value computed elsewhere (in another process) as if get() had computed it."""
        self.spaces.setdefault(space, {})[key] = value
        self.used.setdefault(space, set()).add(key)

    def prune(self) -> None:
        """Drop what the build since the last prune() did not use; start counting afresh."""
        for space in list(self.spaces):
            used = self.used.get(space, set())
            entries = self.spaces[space]
            if len(used) != len(entries):
                self.spaces[space] = {k: v for k, v in entries.items() if k in used}
        self.used = {}


# ------------------------------------------------------------------------------- digests

def key(*parts: Any, shared: Shared | None = None) -> str:
    """A digest of the values given: equal values give equal keys (a map's entries taken in
    order), different ones (in any field, at any depth, or of another kind: a list is not a
    tuple, a set is not a frozenset, 1 is not True) different keys (tests/test_memo.py).
    Dataclasses, tuples (named or not), lists, dicts, sets, frozensets, strings, bytes,
    numbers, booleans, None and enums are digested whole; anything else is refused, so that
    no input can be left out of a key unseen.

    `shared` remembers the digest of each dataclass instance met, by identity, for the
    values of one build: an instance that many values hold (an article's heading in every
    list that shows it) is then digested once."""
    out: list[bytes] = []
    for part in parts:
        _encode(part, out, shared)
    return hashlib.blake2b(b"".join(out), digest_size=20).hexdigest()


class Shared:
    """Digests of dataclass instances by identity (each kept alive beside its digest).

    With a memo, every value it holds in the given spaces is known by the key it is kept
    under: such a value is a function of the inputs that key digests, so the key stands for
    the value itself, and a view that holds it (an article's text) is digested without
    going through it again."""

    def __init__(self, memo: Memo | None = None, spaces: tuple[str, ...] = ()) -> None:
        self.known: dict[int, tuple[Any, bytes]] = {}
        for space in spaces if memo is not None else ():
            for held_key, value in memo.spaces.get(space, {}).items():  # type: ignore[union-attr]
                if type(value) is not Stored and dataclasses.is_dataclass(value):
                    self.known[id(value)] = (value, b"K" + held_key.encode())


# How each type is digested, decided once per type (see _kind_of)
_STR, _TEXT, _INT, _BOOL, _NONE, _SEQ, _LIST, _DATA, _DICT, _FLOAT, _ENUM, _NAMED, _FROZEN, \
    _SET, _BYTES, _REFUSED = range(16)
_KINDS: dict[type, int] = {str: _STR, int: _INT, bool: _BOOL, type(None): _NONE, tuple: _SEQ,
                           list: _LIST, dict: _DICT, float: _FLOAT, frozenset: _FROZEN, set: _SET,
                           bytes: _BYTES}
_LETTERS = {_TEXT: b"S", _ENUM: b"e", _NAMED: b"T"}  # kinds tagged with their name (_tag)


def _kind_of(kind: type) -> int:
    found = _KINDS.get(kind)
    if found is None:
        if issubclass(kind, str):  # Markup and other kinds of text
            found = _TEXT
        elif dataclasses.is_dataclass(kind) and not issubclass(kind, type):
            found = _DATA
        elif issubclass(kind, enum.Enum):
            found = _ENUM
        elif issubclass(kind, tuple):  # a named tuple
            found = _NAMED
        else:
            found = _REFUSED
        if found in _LETTERS:
            _tag(kind, _LETTERS[found])
        _KINDS[kind] = found
    return found


def _encode(value: Any, out: list[bytes], shared: Shared | None = None) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        out.append(b"s%d:" % len(data))
        out.append(data)
        return
    if kind is int:
        out.append(b"i%d;" % value)
        return
    how = _KINDS.get(kind)
    if how is None:
        how = _kind_of(kind)
    if how == _SEQ:
        out.append(b"(%d:" % len(value))
        _items(value, out, shared)
    elif how == _LIST:
        out.append(b"[%d:" % len(value))
        _items(value, out, shared)
    elif how == _DATA:
        if shared is not None:
            known = shared.known.get(id(value))
            if known is None:
                inner: list[bytes] = []
                _fields(value, kind, inner, shared)
                known = shared.known[id(value)] = (
                    value, hashlib.blake2b(b"".join(inner), digest_size=20).digest())
            out.append(b"H")
            out.append(known[1])
        else:
            _fields(value, kind, out, shared)
    elif how == _NONE:
        out.append(b"N")
    elif how == _BOOL:
        out.append(b"T" if value else b"F")
    elif how == _NAMED:
        out.append(_TAGS[kind])
        out.append(b"(%d:" % len(value))
        _items(value, out, shared)
    elif how == _TEXT:  # the kind, then the text
        out.append(_TAGS[kind])
        _encode(str(value), out, shared)
    elif how == _DICT:
        out.append(b"{%d:" % len(value))
        for k, v in value.items():
            _encode(k, out, shared)
            _encode(v, out, shared)
    elif how == _FLOAT:
        out.append(b"f" + repr(value).encode() + b";")
    elif how == _ENUM:
        out.append(_TAGS[kind])
        _encode(value.value, out, shared)
    elif how in (_FROZEN, _SET):
        items = sorted(key(item) for item in value)
        out.append((b"<" if how == _FROZEN else b">") + b"%d:" % len(items)
                   + "".join(items).encode())
    elif how == _BYTES:
        out.append(b"b%d:" % len(value))
        out.append(value)
    else:
        raise TypeError(f"cannot make a key of a {kind.__qualname__}: give its data instead")


def _items(values: Any, out: list[bytes], shared: Shared | None) -> None:
    """The items of a sequence, text and whole numbers (most of them) without a call each."""
    for item in values:
        kind = type(item)
        if kind is str:
            data = item.encode("utf-8", "surrogatepass")
            out.append(b"s%d:" % len(data))
            out.append(data)
        elif kind is int:
            out.append(b"i%d;" % item)
        else:
            _encode(item, out, shared)


def _fields(value: Any, kind: type, out: list[bytes], shared: Shared | None) -> None:
    names = _FIELDS.get(kind) or _fields_of(kind)
    out.append(_TAGS[kind])
    _items([getattr(value, name) for name in names], out, shared)


_FIELDS: dict[type, tuple[str, ...]] = {}
_TAGS: dict[type, bytes] = {}


def _fields_of(kind: type) -> tuple[str, ...]:
    names = tuple(f.name for f in dataclasses.fields(kind))
    _FIELDS[kind] = names
    _tag(kind, b"D")
    return names


def _tag(kind: type, letter: bytes) -> None:
    """What a value of a kind of its own starts with, kept for the kind: a letter for what it
    is (a dataclass, a named tuple, an enum, a kind of text), then the kind's full name, its
    module's too."""
    _TAGS[kind] = letter + f"{kind.__module__}.{kind.__qualname__}".encode() + b":"
