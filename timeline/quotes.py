"""W3C Web Annotation text-quote selectors: finding a quoted text again in a changed body.

A link from an event to its evidence is defined by the exact quoted text, plus
a little of what precedes and follows it, so it can be found again when a
source is re-segmented or edited. Curated seeds cite sentences by quote the
same way, never by position.
"""

from dataclasses import dataclass

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
