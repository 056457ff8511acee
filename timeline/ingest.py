"""Turning article text into sentences with exact offsets, and finding quotes in them.

Segmentation runs pysbd with the article's language rules on each line of the
body separately (a line break in a news article always ends a paragraph, so
headlines and promotion lines never merge into the next sentence), then
locates every sentence in the body itself, so that `body[start:end] == text`
holds by construction.

Importing an article (`import_source`, used by the admin's import form and the
`import_source` command alike) turns an upload into text, checks it, skips
text already imported, segments it and marks promotion lines as boilerplate,
all in one transaction.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

import pysbd
from django.db import IntegrityError, transaction
from django.utils.text import slugify

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


# Importing an article ------------------------------------------------------------------------

# The longest body an import accepts, in characters (a long news feature is about 40,000).
MAX_SOURCE_CHARS = 200_000
# The largest upload read at all, in bytes: HTML carries markup around the text it holds.
MAX_UPLOAD_BYTES = 5_000_000
# What an upload may be, by file extension.
UPLOAD_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
URL_SCHEMES = ("http", "https")

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


class ImportRefused(ValueError):
    """Input an import cannot take; `field` names the form field it belongs to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the source, whether it is new, and how it was segmented.

    `created` is False when the same text had been imported before: `source` is
    that earlier source and nothing changed. In a dry run `source` is unsaved.
    """

    source: object
    created: bool
    sentences: int = 0
    boilerplate: int = 0


def _is_promotion(text, language):
    return len(text) <= BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE[language].match(text))


def find_boilerplate(body, segments, language):
    """The segments of `body` that are promotion lines, not reporting (BOILERPLATE_PATTERNS)."""
    if language not in _BOILERPLATE:
        return []
    found = []
    line_start = 0
    for line in body.splitlines(keepends=True):
        line_end = line_start + len(line)
        if _is_promotion(line.strip(), language):
            found.extend(s for s in segments if line_start <= s.start < line_end)
        line_start = line_end
    return found


def normalize_text(text):
    """`text` with Unix line breaks, no byte-order mark and no blank space at either end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").strip()


def check_text(text):
    """The text to import, normalized; ImportRefused when empty, binary or too long."""
    text = normalize_text(text or "")
    if "\x00" in text:
        raise ImportRefused(
            "The text contains NUL characters: it is binary data, not text.", "text"
        )
    if not text:
        raise ImportRefused("The text is empty: there is nothing to import.", "text")
    if len(text) > MAX_SOURCE_CHARS:
        raise ImportRefused(
            f"The text has {len(text):,} characters; the limit is {MAX_SOURCE_CHARS:,}. "
            "Import a shorter text.",
            "text",
        )
    return text


def html_to_text(html):
    """The readable text of an HTML page: one line per block, no scripts, styles or navigation."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED_HTML_ELEMENTS):
        tag.decompose()
    for comment in soup.find_all(string=lambda string: isinstance(string, Comment)):
        comment.extract()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(BLOCK_HTML_ELEMENTS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" ")
    lines = (" ".join(line.split()) for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


# Never text a reader sees as the article: code, page chrome and embedded media.
DROPPED_HTML_ELEMENTS = [
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "button", "iframe", "svg", "canvas", "object", "embed", "video", "audio",
]  # fmt: skip
BLOCK_HTML_ELEMENTS = [
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
]  # fmt: skip

_MARKDOWN_LINE = [
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$"), r"\1"),  # ATX heading markers
    (re.compile(r"^\s{0,3}>\s?"), ""),  # blockquote markers
    (re.compile(r"^\s{0,3}[-*+]\s+"), ""),  # bullets
]
_MARKDOWN_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")  # --- *** ___ and setext ===
_MARKDOWN_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")  # [label]: https://…
_MARKDOWN_INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url), ![alt](src)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][label]
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # <https://…>
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **strong**, __strong__
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # ~~strikethrough~~
]


def markdown_to_text(markdown):
    """The text of a Markdown article, line for line, without heading, emphasis or link syntax."""
    lines = []
    for line in markdown.splitlines():
        if _MARKDOWN_RULE.match(line) or _MARKDOWN_REFERENCE.match(line):
            continue
        for pattern, replacement in _MARKDOWN_LINE + _MARKDOWN_INLINE:
            line = pattern.sub(replacement, line)
        if line.strip():
            lines.append(line.strip())
    return "\n".join(lines)


def text_from_file(name, data):
    """The article text in an uploaded or local file (.txt, .md, .html), or ImportRefused."""
    kind = UPLOAD_FORMATS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ImportRefused(
            f"“{PurePath(name).name}” is not a .txt, .md or .html file; "
            "save the article as one of those.",
            "upload",
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"“{PurePath(name).name}” has {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}.",
            "upload",
        )
    if b"\x00" in data:
        raise ImportRefused(
            f"“{PurePath(name).name}” contains NUL bytes: it is a binary file, not UTF-8 text.",
            "upload",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"“{PurePath(name).name}” is not UTF-8 text (byte {error.start} is "
            f"{data[error.start]:#04x}). Save it as UTF-8 and try again.",
            "upload",
        ) from error
    if kind == "html":
        text = html_to_text(text)
    elif kind == "markdown":
        text = markdown_to_text(text)
    try:
        return check_text(text)
    except ImportRefused as error:
        raise ImportRefused(f"“{PurePath(name).name}”: {error.message}", "upload") from error


def check_language(language):
    """`language` if the segmenter has rules for it, else ImportRefused."""
    if language not in SUPPORTED_LANGUAGES:
        names = ", ".join(f"{code} ({name})" for code, name in SUPPORTED_LANGUAGES.items())
        raise ImportRefused(f"Unsupported language “{language}”: use one of {names}.", "language")
    return language


def check_url(url):
    """`url` stripped, if empty or a valid http(s) address, else ImportRefused."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url = (url or "").strip()
    if not url:
        return ""
    if urlsplit(url).scheme.lower() not in URL_SCHEMES:
        raise ImportRefused(
            f"“{url}” is not a web address: only http:// and https:// URLs are accepted.", "url"
        )
    try:
        URLValidator(schemes=URL_SCHEMES)(url)
    except ValidationError as error:
        raise ImportRefused(f"“{url}” is not a valid web address.", "url") from error
    if len(url) > 500:
        raise ImportRefused("The URL is longer than 500 characters.", "url")
    return url


def publisher_or_host(publisher, url):
    """The publisher as given, else the URL's host name, else ImportRefused."""
    publisher = (publisher or "").strip() or (urlsplit(url).hostname or "").removeprefix("www.")
    if not publisher:
        raise ImportRefused("Name the publisher (or give the article's URL).", "publisher")
    if len(publisher) > 200:
        raise ImportRefused("The publisher is longer than 200 characters.", "publisher")
    return publisher


def unique_slug(title, taken):
    """slugify(title), with -2, -3… appended while `taken(slug)` says it is in use."""
    base = slugify(title)[:110].strip("-") or "source"
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_source(
    *,
    text,
    title,
    publisher="",
    language,
    published_on,
    url="",
    slug=None,
    progress=None,
    dry_run=False,
):
    """Create a Source from article text, segmented with boilerplate marked; atomic.

    Every input is checked first (ImportRefused names the field and what is
    wrong). Text whose checksum an existing source has is not imported again:
    the result names that source with `created=False`. `progress`, if given, is
    called with a line of text at each step; `dry_run` checks and segments but
    writes nothing.
    """
    # Imported here: models.py imports this module for segmentation.
    from timeline.models import Source

    report = progress or (lambda line: None)
    body = check_text(text)
    language = check_language(language)
    url = check_url(url)
    publisher = publisher_or_host(publisher, url)
    title = (title or "").strip()
    if not title:
        raise ImportRefused("Give the article a title.", "title")
    if len(title) > 300:
        raise ImportRefused("The title is longer than 300 characters.", "title")
    if not isinstance(published_on, datetime.date):
        raise ImportRefused("Give the publication date (YYYY-MM-DD).", "published_on")
    if slug and (len(slug) > 120 or slugify(slug) != slug):
        raise ImportRefused(
            f"“{slug}” is not a slug: use lowercase letters, digits and hyphens.", "slug"
        )

    try:
        with transaction.atomic():
            existing = Source.objects.filter(checksum=checksum(body)).first()
            if existing is not None:
                return ImportResult(existing, created=False)
            if slug and Source.objects.filter(slug=slug).exists():
                raise ImportRefused(f"A source with the slug “{slug}” already exists.", "slug")
            slug = slug or unique_slug(
                title, lambda candidate: Source.objects.filter(slug=candidate).exists()
            )
            segments = segment(body, language)
            boilerplate = find_boilerplate(body, segments, language)
            report(f"Segmented into {len(segments)} sentences ({len(boilerplate)} boilerplate)…")
            source = Source(
                slug=slug,
                title=title,
                publisher=publisher,
                url=url,
                language=language,
                published_on=published_on,
                body=body,
                checksum=checksum(body),
            )
            result = ImportResult(source, True, len(segments), len(boilerplate))
            if dry_run:
                return result
            source.save()
            source.resegment(boilerplate=[s.text for s in boilerplate])
    except IntegrityError as error:
        # Another import took the slug between the check and the insert.
        if Source.objects.filter(slug=slug).exists():
            raise ImportRefused(
                f"A source with the slug “{slug}” already exists.", "slug"
            ) from error
        raise
    return result
