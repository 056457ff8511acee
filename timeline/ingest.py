"""Turning article text into sentences with exact offsets, and finding quotes in them.

Segmentation runs pysbd with the article's language rules on each line of the
body separately (a line break in a news article always ends a paragraph, so
headlines and promotion lines never merge into the next sentence), then
locates every sentence in the body itself, so that `body[start:end] == text`
holds by construction.
"""

import hashlib
from dataclasses import dataclass

import pysbd

SUPPORTED_LANGUAGES = {"de": "German", "en": "English"}


@dataclass(frozen=True)
class Segment:
    """One sentence of a body: 1-based position, character offsets and text."""

    position: int
    start: int
    end: int
    text: str


def checksum(body):
    """The SHA-256 hex digest of `body` as UTF-8, to tell whether a text changed."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def segment(body, language):
    """The sentences of `body`, segmented with the rules for `language`."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"Unsupported language “{language}”: use one of {', '.join(SUPPORTED_LANGUAGES)}."
        )
    segmenter = pysbd.Segmenter(language=language, clean=False)
    segments = []
    line_start = 0
    for line in body.splitlines(keepends=True):
        cursor = line_start
        for piece in segmenter.segment(line):
            text = piece.strip()
            if not text:
                continue
            start = body.index(text, cursor)
            end = start + len(text)
            segments.append(Segment(len(segments) + 1, start, end, text))
            cursor = end
        line_start += len(line)
    return segments


class QuoteError(ValueError):
    """A quote that matches no sentence, or more than one."""


def find_quote(sentences, quote, prefix="", suffix=""):
    """The one sentence among `sentences` containing `quote` (narrowed by prefix/suffix).

    Follows the W3C Web Annotation text-quote selector: the exact text, plus a
    little of what precedes and follows it when the text alone is ambiguous.
    """
    needle = f"{prefix}{quote}{suffix}"
    matches = [sentence for sentence in sentences if needle in sentence.text]
    if not matches:
        raise QuoteError(f"the quote “{quote}” matches no sentence")
    if len(matches) > 1:
        positions = ", ".join(f"#{sentence.position}" for sentence in matches)
        raise QuoteError(
            f"the quote “{quote}” matches {len(matches)} sentences ({positions}); "
            "quote more of the sentence or add a prefix or suffix"
        )
    return matches[0]


# Characters of context kept on each side of a quote, as in the W3C text-quote selector.
CONTEXT_CHARS = 32


@dataclass(frozen=True)
class TextQuote:
    """A W3C Web Annotation text-quote selector: the exact text and a little around it."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def around(cls, body, start, end):
        """The selector for body[start:end], with its context from the body."""
        return cls(
            exact=body[start:end],
            prefix=body[max(0, start - CONTEXT_CHARS) : start],
            suffix=body[end : end + CONTEXT_CHARS],
        )


def _common_suffix(a, b):
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _common_prefix(a, b):
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


def locate(body, selector):
    """The start offset of `selector` in `body`, or None when it is gone or ambiguous.

    With several occurrences of the exact text, the one whose surroundings agree
    best with the selector's prefix and suffix wins; a tie is ambiguous.
    """
    starts = []
    position = body.find(selector.exact)
    while position != -1 and selector.exact:
        starts.append(position)
        position = body.find(selector.exact, position + 1)
    if len(starts) <= 1:
        return starts[0] if starts else None

    def agreement(start):
        end = start + len(selector.exact)
        before = body[max(0, start - len(selector.prefix)) : start]
        after = body[end : end + len(selector.suffix)]
        return _common_suffix(before, selector.prefix) + _common_prefix(after, selector.suffix)

    scored = sorted(((agreement(start), start) for start in starts), reverse=True)
    if scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def segment_at(segments, offset):
    """The segment whose text covers the character `offset`, or None."""
    for segment in segments:
        if segment.start <= offset < segment.end:
            return segment
    return None
