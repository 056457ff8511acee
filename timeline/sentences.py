"""Cutting article text into sentences with exact offsets, and marking promotion lines.

Segmentation runs pysbd with the article's language rules on each line of the
body separately (a line break in a news article always ends a paragraph, so
headlines and promotion lines never merge into the next sentence), then
locates every sentence in the body itself, so that `body[start:end] == text`
holds by construction. Whole lines of newsletter, subscription, advertising
and cookie promotion are marked as boilerplate in the same pass.

`cut` is the one way text becomes sentences; `Source.resegment` calls it.
"""

import hashlib
import re
from dataclasses import dataclass

import pysbd

from timeline import languages


@dataclass(frozen=True)
class Segment:
    """One sentence of a body: 1-based position, character offsets, text, and whether promotion."""

    position: int
    start: int
    end: int
    text: str
    is_boilerplate: bool = False


def checksum(body):
    """The SHA-256 hex digest of `body` as UTF-8, to tell whether a text changed."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Promotion and navigation lines news sites put between paragraphs, per language. A pattern
# must match at the start of a whole line (case aside), and only lines of at most
# BOILERPLATE_MAX_CHARS count, so reporting that merely mentions a newsletter or cookies is
# never marked; a line that matches marks every sentence on it. Sentences inside a
# paragraph are never matched alone: "Sign up was slow, it added." is reporting.
BOILERPLATE_MAX_CHARS = 200
BOILERPLATE_PATTERNS = {
    "de": (
        r"Entsperren Sie den .*Newsletter",  # FT: "Entsperren Sie den … Newsletter kostenlos"
        r"Ihr Leitfaden\b",  # FT: "Ihr Leitfaden dafür, was die US-Wahlen … bedeuten"
        r"(Jetzt )?(kostenlos )?(zum |für den )?Newsletter an(melden|meldung)\b",
        r"(Jetzt |Hier )?Melden Sie sich\b.*\ban\W*$",  # "Melden Sie sich … an"
        r"(Jetzt )?Abonnieren( Sie\b|\W*$)",
        r"Lesen Sie (auch|mehr|hier|weiter)\b",
        r"Mehr zum Thema\b",
        r"(Werbung|Anzeige)\W*$",
        r"Folgen Sie uns\b",
        r"(Diese (Web)?[Ss]eite|Wir) (verwendet|verwenden|nutzt|nutzen) Cookies\b",
        r"(Alle )?Cookies (akzeptieren|zulassen)\b",
    ),
    "en": (
        r"Unlock the .*newsletter",  # FT: "Unlock the White House Watch newsletter for free"
        r"Your guide to\b",  # FT: "Your guide to what the 2024 US election means …"
        r"Subscribe( to| now| here| for|\W*$)",
        r"Sign[ -]up( for| to| now| here|\W*$)",
        r"Read (more|also|next)\b",
        r"(Advertisement|Sponsored)\W*$",
        r"Follow us\b",
        r"(This (web)?site|We) uses? cookies\b",
        r"Accept (all )?cookies\b",
    ),
}
_BOILERPLATE = {
    language: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for language, patterns in BOILERPLATE_PATTERNS.items()
}


def is_promotion(line, language):
    """Whether a whole line (stripped) is newsletter, subscription, ad or cookie promotion."""
    return len(line) <= BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE[language].match(line))


def cut(body, language):
    """The sentences of `body` cut with the rules of `language`, promotion lines marked.

    ValueError for a language outside timeline.languages.
    """
    if language not in languages.LANGUAGES:
        raise ValueError(languages.unsupported(language))
    segmenter = pysbd.Segmenter(language=language, clean=False)
    segments = []
    line_start = 0
    for line in body.splitlines(keepends=True):
        promotion = is_promotion(line.strip(), language)
        cursor = line_start
        for piece in _pieces(segmenter, line):
            text = piece.strip()
            if not text:
                continue
            start = body.index(text, cursor)
            end = start + len(text)
            segments.append(Segment(len(segments) + 1, start, end, text, promotion))
            cursor = end
        line_start += len(line)
    return segments


# pysbd's time grows with the square of a line's length (a 200,000-character line takes
# minutes), so long lines are read through a window of this many characters.
WINDOW_CHARS = 2_000


def _pieces(segmenter, line):
    """pysbd's sentences of `line`, in time linear in its length.

    The window's last sentence may be cut off by the window's end, so it is
    read again at the start of the next window; only a sentence longer than
    the window makes the window grow.
    """
    position, window = 0, WINDOW_CHARS
    while position < len(line):
        chunk = line[position : position + window]
        pieces = segmenter.segment(chunk)
        if position + window >= len(line):
            yield from pieces
            return
        # Where the last piece starts: the next window begins there.
        consumed = 0
        for piece in pieces[:-1]:
            found = chunk.find(piece.strip(), consumed)
            consumed = max(consumed, found + len(piece.strip()))
        last = chunk.find(pieces[-1].strip(), consumed) if pieces else -1
        if len(pieces) < 2 or last <= 0:
            window *= 2
            continue
        yield from pieces[:-1]
        position += last
        window = WINDOW_CHARS


def segment_at(segments, offset):
    """The segment whose text covers the character `offset`, or None."""
    for segment in segments:
        if segment.start <= offset < segment.end:
            return segment
    return None
