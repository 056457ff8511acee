"""W3C Web Annotation text-quote selectors: finding a quoted text again in a changed body.

A link from an event to its evidence is defined by the exact quoted text, plus
a little of what precedes and follows it, so it can be found again when a
source is re-segmented or edited. Curated seeds cite sentences by quote the
same way, never by position.

The same selector makes the link that opens the original article online at the
quote: a WICG Text Fragments directive (`text_fragment_url`).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as percent_encode

# Characters of context kept on each side of a quote, as in the W3C text-quote selector.
CONTEXT_CHARS = 32


class QuoteError(ValueError):
    """A quote that matches no sentence, or more than one."""


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


def find_quote(sentences, quote, prefix="", suffix=""):
    """The one sentence among `sentences` containing `quote` (narrowed by prefix/suffix).

    QuoteError names the problem when no sentence, or more than one, contains it.
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


# --- Text fragments: links that open the original article at the quote ----------------------
#
# WICG Text Fragments: `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`. A browser scrolls to
# and highlights the first match, compared case-insensitively, in whole words and with runs of
# whitespace as one. Each term must lie within one block of the page (no line break inside it);
# a prefix or suffix may stand across a block boundary from the quote, whitespace between.

# A quote longer than this becomes a textStart,textEnd range of RANGE_WORDS words each, which
# keeps links short; shorter quotes are matched whole.
RANGE_OVER_CHARS = 150
RANGE_WORDS = 5
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")


def encode_term(text):
    """One text-directive term, UTF-8 percent-encoded: all but letters, digits and "_.~".

    "-", "," and "&" are the directive's own syntax; spaces, quotation marks, "#", "%" and
    every non-ASCII character are encoded too.
    """
    # quote() leaves ASCII letters, digits and "_.-~" as they are; "-" must be encoded.
    return percent_encode(text, safe="").replace("-", "%2D")


def _collapsed(text):
    """`text` with each run of whitespace (line breaks included) as one space."""
    return _WHITESPACE.sub(" ", text)


def _comparable(text):
    """`text` as a browser compares it: whitespace runs as one space, case folded."""
    return _collapsed(text).casefold()


# A permalink makes a link for each quote, often several from the same article.
_comparable_body = lru_cache(maxsize=16)(_comparable)


def _first_match_is(haystack, start_term, end_term, at, length):
    """Whether the first match of start_term (… end_term) in `haystack` spans [at, at + length).

    As a browser finds a range: the first textStart, then the first textEnd after it.
    """
    if haystack.find(start_term) != at:
        return False
    if not end_term:
        return len(start_term) == length
    end = haystack.find(end_term, at + len(start_term))
    return end != -1 and end + len(end_term) == at + length


def _prefix_span(body, start, width):
    """Offsets of the whole words of the line before `start`, within `width` characters of it.

    Words are read from the start of their line, so none is cut: a browser matches a prefix
    only from the start of a word. At least the last word is kept; None when there is none.
    """
    end = len(body[:start].rstrip())
    line_start = body.rfind("\n", 0, end) + 1
    words = list(_WORD.finditer(body, line_start, end))
    kept = [word for word in words if word.start() >= start - width] or words[-1:]
    return (kept[0].start(), end) if kept else None


def _suffix_span(body, end, width):
    """Offsets of the whole words of the line after `end`, within `width` characters of it."""
    start = len(body) - len(body[end:].lstrip())
    line_end = body.find("\n", start)
    words = list(_WORD.finditer(body, start, len(body) if line_end == -1 else line_end))
    kept = [word for word in words if word.end() <= end + width] or words[:1]
    return (start, kept[-1].end()) if kept else None


def text_fragment(body, selector):
    """The text directive (":~:text=…") that finds `selector`'s quote in an article online.

    The quote is matched whole, or as a textStart,textEnd range when longer than
    RANGE_OVER_CHARS. Context terms (prefix-, -suffix: the whole words of the selector's
    context on the quote's own lines) are added only when the quote alone would first match
    elsewhere in `body`, the article as imported. The page online may hold more text
    (navigation, teasers); a match there comes first only if it precedes the article.
    """
    exact = _collapsed(selector.exact).strip()
    words = exact.split(" ")
    start_term, end_term = exact, ""
    if len(exact) > RANGE_OVER_CHARS and len(words) > 2 * RANGE_WORDS:
        start_term = " ".join(words[:RANGE_WORDS])
        end_term = " ".join(words[-RANGE_WORDS:])
    at = locate(body, selector)
    terms = [encode_term(start_term)] + ([encode_term(end_term)] if end_term else [])
    if at is None:
        # Not (or no longer) in the body: the quote alone is the best guess.
        return ":~:text=" + ",".join(terms)
    # The stored selector may begin or end with whitespace; the terms do not.
    at += len(selector.exact) - len(selector.exact.lstrip())
    end = at + len(selector.exact.strip())
    text = _comparable_body(body)

    def offset(index):
        return len(_comparable(body[:index]))

    if _first_match_is(
        text, start_term.casefold(), end_term.casefold(), offset(at), offset(end) - offset(at)
    ):
        return ":~:text=" + ",".join(terms)
    prefix = _prefix_span(body, at, len(selector.prefix) or CONTEXT_CHARS)
    suffix = _suffix_span(body, end, len(selector.suffix) or CONTEXT_CHARS)
    if prefix:
        terms.insert(0, encode_term(_collapsed(body[prefix[0] : prefix[1]])) + "-")
    if suffix:
        terms.append("-" + encode_term(_collapsed(body[suffix[0] : suffix[1]])))
    return ":~:text=" + ",".join(terms)


def text_fragment_url(url, body, selector):
    """`url` with the text directive that opens it at `selector`'s quote (see text_fragment)."""
    # A directive follows the URL's own fragment, if it has one: "…#section:~:text=…".
    return f"{url}{'' if '#' in url else '#'}{text_fragment(body, selector)}"
