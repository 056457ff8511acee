"""Article files to plain text: HTML and Markdown reduced to their words, text normalized.

The import form (admin and `manage.py import_source` alike) calls
`text_from_file` for an upload; pasted text goes through `normalize_text`
only. Both end as plain text with one paragraph per line, which is what
`timeline.sentences.cut` expects.
"""

import re
import unicodedata
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from markdown_it import MarkdownIt

# The largest upload read at all, in bytes: HTML carries markup around the text it holds.
MAX_UPLOAD_BYTES = 5_000_000
# What an upload may be, by file extension.
UPLOAD_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}

# C0 and C1 control characters other than tab and line feed: invisible, never reporting.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize_text(text):
    """`text` in NFC with Unix line breaks, no BOM, no control characters, no blank ends.

    NUL is left in place: it marks binary data, which the caller refuses.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return _CONTROL.sub("", text.removeprefix("\ufeff")).strip()


# The deepest nesting of HTML elements converted: real articles nest a few dozen levels.
MAX_HTML_DEPTH = 500
# The most Markdown converted, in characters: twice the longest article body, since
# Markdown carries little markup beside its text.
MAX_MARKDOWN_CHARS = 400_000

# Never text a reader sees as the article: code, page chrome and embedded media.
DROPPED_HTML_ELEMENTS = frozenset([
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "button", "iframe", "svg", "canvas", "object", "embed", "video", "audio",
])  # fmt: skip
BLOCK_HTML_ELEMENTS = frozenset([
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
])  # fmt: skip
TABLE_CELLS = frozenset(["td", "th"])


class _TooDeep(Exception):
    """Raised by the parser target past MAX_HTML_DEPTH, to stop the parse at once."""


class _HtmlText:
    """An lxml parser target that keeps the readable text as the parser streams through.

    No tree is built and nothing recurses: each start tag, end tag and piece
    of text is seen once, so the work grows with the length of the page.
    Blocks start and end a line and <br> breaks one; elsewhere a line break
    in the markup is a space, as browsers show it (inside <pre> it stays).
    Table cells are kept apart, and ordered list items keep their numbers
    ("18. März" in Markdown is such an item).
    """

    def __init__(self):
        self.parts = []
        self.depth = 0
        self.dropped_depth = 0  # > 0 inside a dropped element: counts the elements open in it
        self.pre_depth = 0
        self.lists = []  # per open <ol> its next item number; None per open <ul>
        self.number = ""  # an ordered item's "3. ", written before its first words

    def start(self, tag, attrib):
        self.depth += 1
        if self.depth > MAX_HTML_DEPTH:
            raise _TooDeep
        if self.dropped_depth or tag in DROPPED_HTML_ELEMENTS:
            self.dropped_depth += 1
            return
        if tag in BLOCK_HTML_ELEMENTS or tag == "br":
            self.parts.append("\n")
        if tag == "pre":
            self.pre_depth += 1
        elif tag == "ol":
            start = attrib.get("start", "1").strip()
            self.lists.append(int(start) if start.isdigit() and len(start) <= 9 else 1)
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.number = f"{self.lists[-1]}. "
            self.lists[-1] += 1

    def end(self, tag):
        self.depth -= 1
        if self.dropped_depth:
            self.dropped_depth -= 1
            return
        if tag in BLOCK_HTML_ELEMENTS:
            self.parts.append("\n")
        elif tag in TABLE_CELLS:
            self.parts.append(" ")
        if tag == "pre":
            self.pre_depth -= 1
        elif tag == "li":
            self.number = ""
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def data(self, text):
        if self.dropped_depth:
            return
        if not self.pre_depth:
            text = text.replace("\r", " ").replace("\n", " ")
        if self.number and not text.isspace():
            self.parts.append(self.number)
            self.number = ""
        self.parts.append(text)

    def close(self):
        return "".join(self.parts)


def html_to_text(html):
    """The readable text of an HTML page: one line per block, no scripts, styles or navigation.

    Parsed by lxml (libxml2's HTML parser, which mends broken markup as
    browsers do) in a single streaming pass. ValidationError for elements
    nested more than MAX_HTML_DEPTH deep.
    """
    if not html.strip():
        return ""
    parser = etree.HTMLParser(target=_HtmlText(), no_network=True)
    try:
        parser.feed(html)
        text = parser.close()
    except _TooDeep:
        raise ValidationError(
            _(
                "The HTML nests its elements more than %(limit)s levels deep, the limit. "
                "Save the article as plain text and import that."
            )
            % {"limit": f"{MAX_HTML_DEPTH:,}"},
            "depth",
        ) from None
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# CommonMark with raw HTML allowed (html_to_text drops scripts and the like), plus the
# tables and ~~strikethrough~~ that articles exported from web editors carry. `breaks`:
# each line of the Markdown stays a line of text, as the sentence cutter expects.
_MARKDOWN = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable(
    ["table", "strikethrough"]
)


def markdown_to_text(markdown):
    """The text of a Markdown article, line for line, without heading, emphasis or link syntax.

    markdown-it-py renders it to HTML (in time linear in its length, and
    with a nesting limit of its own), and html_to_text reads the text from
    that. ValidationError past MAX_MARKDOWN_CHARS.
    """
    if len(markdown) > MAX_MARKDOWN_CHARS:
        raise ValidationError(
            _(
                "The Markdown has %(size)s characters; the limit is %(limit)s. "
                "Import a shorter text."
            )
            % {"size": f"{len(markdown):,}", "limit": f"{MAX_MARKDOWN_CHARS:,}"},
            "size",
        )
    return html_to_text(_MARKDOWN.render(markdown))


def text_from_file(name, data):
    """The normalized article text in a .txt, .md or .html file's bytes; ValidationError if none."""
    shown = PurePath(name).name
    kind = UPLOAD_FORMATS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ValidationError(
            f"“{shown}” is not a .txt, .md or .html file; save the article as one of those.",
            "extension",
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"“{shown}” has {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}.", "size"
        )
    if b"\x00" in data:
        raise ValidationError(
            f"“{shown}” contains NUL bytes: it is a binary file, not UTF-8 text.", "binary"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"“{shown}” is not UTF-8 text (byte {error.start} is {data[error.start]:#04x}). "
            "Save it as UTF-8 and try again.",
            "encoding",
        ) from error
    convert = {"html": html_to_text, "markdown": markdown_to_text}.get(kind)
    if convert:
        try:
            text = convert(text)
        except ValidationError as error:
            raise ValidationError(f"“{shown}”: {error.message}", error.code) from error
    return normalize_text(text)
