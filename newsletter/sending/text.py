"""Plain text from rich text, for the text/plain part of an issue."""

import re
import textwrap
from html.parser import HTMLParser

# Lines of the plain-text part: readable in any mail program, well under SMTP's 998.
TEXT_WIDTH = 76

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []
        self.lists = []
        self.link = None

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in {"ul", "ol"}:
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            self.current.append(f"{kind[1]}. " if kind[0] == "ol" else "- ")
        elif tag == "br":
            self.flush()
        elif tag == "hr":
            self.flush()
            self.paragraphs.append("—" * 8)
        elif tag == "a":
            self.link = [dict(attrs).get("href") or "", len(self.current)]

    def handle_endtag(self, tag):
        if tag == "a" and self.link:
            href, start = self.link
            label = "".join(self.current[start:]).strip()
            if href and not href.startswith("#") and href != label:
                self.current.append(f" ({href})")
            self.link = None
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self.flush()
        elif tag in BLOCK_TAGS or tag == "li":
            self.flush()

    def handle_data(self, data):
        self.current.append(data)


def html_to_text(html):
    """Return the paragraphs of an HTML fragment as plain text, links written out."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(wrap(paragraph) for paragraph in parser.paragraphs)


def wrap(paragraph, width=TEXT_WIDTH):
    """Wrap one paragraph for a plain-text email, never breaking an address or a word."""
    indent = "  " if re.match(r"^(- |\d+\. )", paragraph) else ""
    return textwrap.fill(
        paragraph,
        width=width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
