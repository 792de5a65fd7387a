"""One look for every list the command line prints (`knowledge list`, `keys list`).

rich loads inside the function, so importing this module costs the command's `--help` nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from coach.types import SourceRef

SNIPPET_CHARS = 220
# Markdown a snippet does without: headings, quotes, emphasis, code; list bullets become "•".
_MARKUP = re.compile(r"(^|\s)[#>]+\s|[*_`]+")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def list_table(headers: Sequence[str], *, keep_whole: Sequence[int] = (0,)) -> Table:
    """A table with a bold header row and no side borders, so it reads well at 80 columns.

    Args:
        headers: Column headers, in the output's language.
        keep_whole: Columns never wrapped (ids, which a user copies into the next command).
    """
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    for n, header in enumerate(headers):
        whole = n in keep_whole
        table.add_column(header, no_wrap=whole, overflow="ellipsis" if whole else "fold")
    return table


def print_sources(console: Console, heading: str, sources: Sequence[SourceRef]) -> None:
    """The guidance an answer rests on, under `heading`: each title, its id on a line below."""
    from rich.text import Text

    if not sources:
        return
    console.print(Text(f"\n{heading}", style="bold"))
    for source in sources:
        console.print(Text(f"  • {source.title}"))
        console.print(Text(f"    {source.id}", style="dim"))


def add_row(table: Table, *cells: str) -> None:
    """Add a row of plain text: titles and names are never read as rich markup ("[x]")."""
    from rich.text import Text

    table.add_row(*(Text(cell) for cell in cells))


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a passage as one line of plain text, cut at a word and marked with "…"."""
    plain = _SPACE.sub(" ", _MARKUP.sub(r"\1", _BULLET.sub("• ", text))).strip()
    if len(plain) <= limit:
        return plain
    cut = plain[:limit].rsplit(" ", 1)[0].rstrip(".,;:–- ")
    return f"{cut}…"


def short_doc_id(doc_id: str) -> str:
    """The short form of an org document id: its content-hash tail (`org-title-1a2b3c` → `1a2b3c`).

    `knowledge remove` accepts it; ids of another shape are shown whole.
    """
    head, _, tail = doc_id.rpartition("-")
    return tail if head.startswith("org") and re.fullmatch(r"[0-9a-f]{6}", tail) else doc_id
