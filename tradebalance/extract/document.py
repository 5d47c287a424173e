"""An article as sentences: plain text, Markdown or a saved HTML page, each sentence with its span in the input.

HTML is read with the standard library's :class:`html.parser.HTMLParser` (scripts, styles and the head are
dropped; block elements end a sentence); Markdown loses its markup (headings, emphasis, links keep their
text). Every character of the text read keeps the position it came from, so that a sentence's span points
into the input as given. Sentences end at ``.``, ``!``, ``?`` (not after an abbreviation such as ``U.S.``,
``Jan.`` or ``No.`` unless a new sentence plainly starts), at Japanese ``。！？``, at blank lines, and before
list items and headings.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Characters folded to their plain form for reading (one for one, so spans do not move).
_FOLD = {
    **{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
    0x3000: 0x20,
    0x00A0: 0x20,
    0x2212: 0x2D,
    0x2019: 0x27,
    0x2018: 0x27,
    0x201C: 0x22,
    0x201D: 0x22,
    0x2010: 0x2D,
    0x2011: 0x2D,
}
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd vs etc e.g i.e approx "
    "gov sen rep jr sr u.s u.k u.n a.m p.m fig pct est dept mt bil mln".split()
)
#: Abbreviations that may also end a sentence, when the next word plainly starts one.
_MAY_END = frozenset("u.s u.k inc corp co ltd etc jr pct bil mln".split())
_STARTERS = frozenset(
    "The A An In It Its This That These Those But And However Meanwhile He She They We I On For At By As With "
    "While According Japan Japan's Exports Imports Still Also Yet So Last There Such Some Most Many After Before "
    "Since Under From Despite Although When If Data Officials".split()
)
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer blockquote title "
    "figcaption dd dt pre hr main aside nav".split()
)
_DROPPED = frozenset("script style noscript template svg iframe head".split())
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)|[。！？]+[」』”’)）]*")
_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*•+]\s|#{1,6}\s|\d+[.)]\s))")


@dataclass(frozen=True)
class Sentence:
    """A sentence as read (whitespace collapsed), its span in the input, and its text folded for reading."""

    text: str
    start: int
    end: int
    folded: str


class _Text:
    """Text built piece by piece, each character with the span of the input it came from."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, text: str, start: int, end: int | None = None) -> None:
        """Add ``text`` read from the input at ``start`` (char by char, or all from ``start`` to ``end``)."""
        for i, ch in enumerate(text):
            if ch.isspace():
                if not self.chars or self.chars[-1].isspace():
                    continue
                ch = " "
            self.chars.append(ch)
            self.starts.append(start if end is not None else start + i)
            self.ends.append(end if end is not None else start + i + 1)

    def block(self, at: int) -> None:
        """End the block (a paragraph, a list item) at input position ``at``."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()
        if self.chars and self.chars[-1] != "\n":
            self.chars.extend("\n\n")
            self.starts.extend((at, at))
            self.ends.extend((at, at))


class _Html(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out = _Text()
        self.skipping: list[str] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.out.block(self._at())

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in _BLOCKS:
            self.out.block(self._at())

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.add(data, self._at())

    def _reference(self, raw: str) -> None:
        if not self.skipping:
            at = self._at()
            end = at + len(raw) + (1 if self.source[at + len(raw) : at + len(raw) + 1] == ";" else 0)
            self.out.add(html.unescape(raw + ";"), at, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")


_MD_INLINE = re.compile(
    r"!?\[([^\]\n]*)\]\([^)\n]*\)|\*\*|__|`+|<[^>\n]+>"
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"
)
_MD_LINE = re.compile(r"[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+|\|)?")


def _markdown(source: str) -> _Text:
    out = _Text()
    at = 0
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        marker = _MD_LINE.match(body)
        skip = marker.end() if marker else 0
        if not body.strip() or skip:
            out.block(at)
        pos = skip
        for m in _MD_INLINE.finditer(body, skip):
            out.add(body[pos : m.start()].replace("|", " "), at + pos)
            if m.group(1) is not None:
                out.add(m.group(1), at + m.start(1))
            pos = m.end()
        out.add(body[pos:].replace("|", " ") + " ", at + pos)
        at += len(line)
    return out


def is_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment (a document type, or block tags)."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype", "<html", "<?xml")) or len(re.findall(r"</(?:p|div|li|h\d)>", text, re.I)) >= 1


def is_markdown(text: str) -> bool:
    """Whether ``text`` carries Markdown markup (headings, quotes, lists, links or emphasis)."""
    return bool(re.search(r"^(?:#{1,6} |> )|\[[^\]\n]+\]\([^)\n]+\)|\*\*\S", text, re.M))


def fold(text: str) -> str:
    """Full-width forms, typographic quotes and minus signs as plain ASCII, one character for one."""
    return text.translate(_FOLD)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (plain, Markdown or HTML), each with its span in ``text``."""
    if is_html(text):
        parser = _Html(text)
        parser.feed(text)
        parser.close()
        built: _Text | None = parser.out
    elif is_markdown(text):
        built = _markdown(text)
    else:
        built = None
    clean = "".join(built.chars) if built else text
    out = []
    for start, end in _spans(clean):
        piece = clean[start:end]
        words = " ".join(piece.split())
        if not words:
            continue
        if built:
            span = built.starts[start], built.ends[end - 1]
        else:
            span = start, end
        out.append(Sentence(words, span[0], span[1], fold(words)))
    return out


def _spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends (whitespace trimmed)."""
    cuts = [0]
    for m in _BREAK.finditer(text):
        cuts.append(m.start())
    for m in _END.finditer(text):
        if _ends_sentence(text, m):
            cuts.append(m.end())
    cuts.append(len(text))
    spans = []
    for a, b in zip(sorted(set(cuts)), sorted(set(cuts))[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """Whether the punctuation matched by ``m`` ends a sentence (not an abbreviation, an initial or a decimal)."""
    if not m.group().startswith("."):
        return True
    after = text[m.end() :].lstrip()
    if not after:
        return True
    next_word = after.split(maxsplit=1)[0].strip("\"'“‘(")
    word = re.search(r"[\w.']*$", text[max(0, m.start() - 40) : m.start()])
    token = (word.group() if word else "").lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return token in _MAY_END and next_word in _STARTERS
    if re.fullmatch(r"[a-z]", token) and text[m.start() - 1].isupper():
        return False  # an initial: "Carroll A. Campbell"
    first = after[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘(" or not first.isascii()
