"""Keyword-to-tag rules kept beside the sources (tag-rules.toml), so imports carry tags."""

import re
import tomllib
from pathlib import Path

from importing.records import ImportFormatError

RULES_FILE_NAME = "tag-rules.toml"
_WORD = re.compile(r"\w+")


class TagRules:
    """A post gets a tag when a word of its title or text starts with one of its keywords."""

    def __init__(self, rules=None):
        self.rules = {
            tag: tuple(keyword.casefold() for keyword in keywords)
            for tag, keywords in (rules or {}).items()
        }

    @classmethod
    def beside(cls, source_path):
        return _load(Path(source_path).resolve().parent / RULES_FILE_NAME)

    def tags_for(self, title, body):
        if not self.rules:
            return set()
        words = set(_WORD.findall(f"{title} {body}".casefold()))
        return {
            tag
            for tag, keywords in self.rules.items()
            if any(word.startswith(keywords) for word in words)
        }


def _load(path):
    if not path.exists():
        return TagRules()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"{path}: not a valid rules file: {error}") from None
    rules = data.get("tags", {})
    if not isinstance(rules, dict) or not all(
        isinstance(keywords, list) and all(isinstance(k, str) and k for k in keywords)
        for keywords in rules.values()
    ):
        raise ImportFormatError(
            f"{path}: under [tags] each tag needs a list of keywords, "
            'e.g. hr = ["hr", "henkilöstö"].'
        )
    return TagRules(rules)
