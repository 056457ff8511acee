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
    if kind == "html":
        text = html_to_text(text)
    elif kind == "markdown":
        text = markdown_to_text(text)
    return normalize_text(text)
