"""Read the seed texts into blocks (paragraphs, list items, headings) and turn blocks into fields."""

import html
import re
from dataclasses import dataclass
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

# How the scraped pages mark list items: "- item", "• item", "  • item".
LIST_ITEM = re.compile(r"^[-•]\s*(?P<text>.+)$")


class SeedError(ValueError):
    """The seed text does not contain what the demo expects of it."""


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "li", "h2" or "h3"
    text: str


class Seed:
    """One seed text as a sequence of blocks.

    `corrections` fixes the scraper's and authors' slips ({wrong: right}); `omit` drops lines
    that belong to the scraped site rather than to the page (by their start); `headings`
    names the lines that are headings ({text: "h2" or "h3"}). Each of them must match the
    text, so that a changed seed fails loudly instead of building a different page.
    """

    def __init__(self, name, *, corrections=None, omit=(), headings=None):
        self.name = name
        text = (SEEDS_DIR / name).read_text(encoding="utf-8")
        for wrong, right in (corrections or {}).items():
            if wrong not in text:
                raise SeedError(f"{name}: nothing to correct, {wrong!r} is not in the text")
            text = text.replace(wrong, right)
        self.blocks = self._parse(text, omit=tuple(omit), headings=dict(headings or {}))

    def _parse(self, text, *, omit, headings):
        blocks, seen, omitted = [], set(), set()
        for line in text.splitlines():
            line = " ".join(line.split())
            # The scraper sometimes repeats a whole page; a line is used once.
            if not line or line in seen:
                continue
            seen.add(line)
            if dropped := [start for start in omit if line.startswith(start)]:
                omitted.update(dropped)
                continue
            if line in headings:
                blocks.append(Block(headings.pop(line), line))
            elif item := LIST_ITEM.match(line):
                blocks.append(Block("li", item["text"][0].upper() + item["text"][1:]))
            elif blocks and blocks[-1].kind == "p" and line[0].islower():
                # A paragraph the page broke in two.
                blocks[-1] = Block("p", f"{blocks[-1].text} {line}")
            else:
                blocks.append(Block("p", line))
        if unmatched := [*headings, *(set(omit) - omitted)]:
            raise SeedError(f"{self.name}: not in the text: {unmatched}")
        return blocks

    def index(self, start):
        """Return the position of the one block whose text starts with `start`."""
        found = [i for i, block in enumerate(self.blocks) if block.text.startswith(start)]
        if len(found) != 1:
            raise SeedError(f"{self.name}: {len(found)} blocks start with {start!r}, expected one")
        return found[0]

    def block(self, start):
        """Return the block whose text starts with `start`."""
        return self.blocks[self.index(start)]

    def text(self, start):
        """Return the text of the block that starts with `start`."""
        return self.block(start).text

    def excerpt(self, start, end):
        """Return the passage of one block from `start` up to and including `end`."""
        for block in self.blocks:
            begin = block.text.find(start)
            finish = block.text.find(end, begin)
            if begin >= 0 and finish >= 0:
                return block.text[begin : finish + len(end)]
        raise SeedError(f"{self.name}: no passage from {start!r} to {end!r}")

    def quote(self, passage):
        """Return `passage`, which must occur in the text as it is."""
        if not any(passage in block.text for block in self.blocks):
            raise SeedError(f"{self.name}: {passage!r} is not in the text")
        return passage

    def between(self, first, last=None):
        """Return the blocks from the one starting with `first` to the one starting with `last`."""
        stop = self.index(last) + 1 if last else len(self.blocks)
        return self.blocks[self.index(first) : stop]


def rich_text(blocks):
    """Return blocks of text and list items as rich-text HTML, runs of items as one list."""
    parts, items = [], []
    for block in [*blocks, None]:
        if block is not None and block.kind == "li":
            items.append(f"<li>{html.escape(block.text, quote=False)}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if block is not None:
            if block.kind != "p":
                raise SeedError(f"a heading cannot be part of rich text: {block.text!r}")
            parts.append(f"<p>{html.escape(block.text, quote=False)}</p>")
    return "".join(parts)


def body(blocks):
    """Return a page body (home.blocks.BodyBlock data): headings, and rich text between them."""
    stream, run = [], []
    for block in [*blocks, None]:
        if block is None or block.kind in ("h2", "h3"):
            if run:
                stream.append({"type": "paragraph", "value": rich_text(run)})
                run = []
            if block is not None:
                stream.append({"type": "heading", "value": {"text": block.text, "level": block.kind}})
        else:
            run.append(block)
    return stream


def paragraph(text):
    """Return a block of text written for the page rather than taken from a seed's blocks."""
    return Block("p", text)
