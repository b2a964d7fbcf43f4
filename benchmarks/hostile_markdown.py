"""Markdown bodies made to be slow: the render benchmark and the render-limit tests use them.

Each family repeats a short unit to the length asked for. They are the shapes where
Python-Markdown, its extensions or Python's HTML parser did work growing with the square
of the input (or recursed without end), found by growing each unit from 1,000 to 4,000
characters and keeping those whose time grew by more than four times; plus a fixed-seed
random mix of Markdown's special characters.
"""

import random

FAMILIES = {
    # Link text: "[" with no "]" was walked to the end of the paragraph from every "[".
    "open brackets": "[",
    "open brackets with text": "[a",
    "nested open brackets": "[[",
    "open images": "![",
    "image in link": "[![",
    "footnote references": "[^",
    "abbreviation definitions": "*[",
    "references": "[a][",
    "closed then open": "[a]]",
    # Link address: "(" with no ")".
    "open addresses": "[a](",
    "open addresses, spaced": "[a]( ",
    "open angle addresses": "[a](<",
    "open parentheses in addresses": "[a](()",
    "open image addresses": "![a](",
    # Raw HTML: Python's HTML parser looked for the end of each open tag to the end.
    "open tags": "<a ",
    "open tags with attributes": "<a b='c'",
    "open autolinks": "<http://",
    "open attribute values": "<a href='",
    "less-than signs": "<",
    # The block parser: one construct per line, the rest of the block searched again.
    "setext headings": "a\n=\n",
    "rules": "-\n",
    "list items": "\n- ",
    "definitions": "a\n: ",
    "one-column tables": "|-\n",
    "block quotes": "> ",
    # Nesting: a list per marker, down to Python's recursion limit.
    "stacked ordered lists": "1. ",
    "stacked lists": "  - ",
    # Inline markup, many elements in one paragraph.
    "emphasis": "*a*",
    "strong": "**a",
    "mixed delimiters": "*_",
    "entities": "&amp;",
    "code spans": "`a",
}

_RANDOM_PIECES = [
    *"[]()<>!*_`~:|#-+=\\&;'\"/ \n\t.1a^",
    *("http://", "www.", "<a ", "](", "![", "\n\n", "    ", "> ", "1. ", "- "),
    *("<div>", "</div>", "<!--", "-->", "&#", "[^", "*["),
]


def body(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def hostile_bodies(length, random_mixes=40, seed=1):
    """(name, body) pairs of ``length`` characters: every family, then random mixes."""
    for name, unit in FAMILIES.items():
        yield name, body(unit, length)
    generator = random.Random(seed)
    for number in range(random_mixes):
        pieces = generator.sample(_RANDOM_PIECES, generator.randint(1, 6))
        text = "".join(generator.choice(pieces) for _ in range(length))
        yield f"random mix {number + 1}", text[:length]
