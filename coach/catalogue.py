"""User-facing sentences in Danish and English: one catalogue mechanism for domain, CLI and web.

A catalogue file is YAML whose leaves are `{da: "…", en: "…"}`; nested keys are addressed
with dots (`advice.specific.vague`). Loading checks every leaf, so a string can never be
missing in one language or use other `{fields}` than its twin; the error names the file, the
key and the fix. Each feature keeps its strings in its own file; they all load this one way.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from coach.errors import DataFileError
from coach.paths import DATA_DIR

LANGUAGES = ("da", "en")


def _fields(template: str) -> frozenset[str]:
    return frozenset(name.split(".")[0].split("[")[0]
                     for _, name, _, _ in string.Formatter().parse(template) if name)


def _leaves(node: Any, prefix: str, path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    if not isinstance(node, Mapping) or not node:
        raise DataFileError(path, prefix or "(top)", "expected a mapping of keys to "
                            "{da: …, en: …} entries")
    if set(node) & set(LANGUAGES):
        texts = dict(node)
        if set(texts) != set(LANGUAGES) or not all(isinstance(v, str) and v.strip()
                                                   for v in texts.values()):
            raise DataFileError(path, prefix, "needs exactly a non-empty 'da' and 'en' text")
        if _fields(texts["da"]) != _fields(texts["en"]):
            raise DataFileError(path, prefix, "'da' and 'en' must use the same {fields}: "
                                f"{sorted(_fields(texts['da']))} vs {sorted(_fields(texts['en']))}")
        yield prefix, texts
        return
    for key, child in node.items():
        yield from _leaves(child, f"{prefix}.{key}" if prefix else str(key), path)


class Catalogue:
    """Sentences by dotted key, each in both languages. Build with `load_catalogue`."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]], source: str = "") -> None:
        """Wrap checked entries (`load_catalogue` checks them)."""
        self.entries = dict(entries)
        self.source = source
        self._fields = {k: _fields(v["da"]) for k, v in self.entries.items()}

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def template(self, key: str, language: str) -> str:
        """The unformatted sentence; KeyError for an unknown key (a bug, caught by tests)."""
        return self.entries[key][language]

    def fields(self, key: str) -> frozenset[str]:
        """The `{names}` the sentence formats, so callers build only the values it uses."""
        return self._fields[key]

    def message(self, key: str, language: str, **values: Any) -> str:
        """The sentence `key` in `language`, with its `{fields}` filled from `values`."""
        text = self.entries[key][language]
        return text.format(**values) if values else text

    def keys(self, prefix: str = "") -> list[str]:
        """Keys starting with `prefix` (e.g. every message of one section)."""
        return [k for k in self.entries if k.startswith(prefix)]


def read_catalogue(path: Path) -> Catalogue:
    """Read and check a catalogue file (not cached: for HR's own files and tests)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(path, "", f"cannot be read as UTF-8 YAML ({type(exc).__name__})"
                            ) from None
    return Catalogue(dict(_leaves(raw, "", path)), str(path))


@cache
def load_catalogue(path: Path) -> Catalogue:
    """The checked catalogue at `path`, read once per process."""
    return read_catalogue(path)


def catalogue(name: str) -> Catalogue:
    """A packaged catalogue by its path under `coach/data`, e.g. "goals/messages.yaml"."""
    return load_catalogue(DATA_DIR / name)
