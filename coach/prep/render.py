"""Printable Markdown for prep questions.

The sheet is meant to be printed and brought to the meeting: a title, a date line left blank,
one heading per section, questions numbered straight through (so both sides can say "question
7"), and ruled space for notes under each question. A manager's sheet marks each question as one
to ask the employee or one for the manager's own preparation; a `note` (fewer questions than
asked) is printed under the intro.
"""

from __future__ import annotations

from coach.prep.lexicon import ui
from coach.prep.types import PrepResult

_BLANK = "_" * 32
_RULE = "___"  # a thematic break in Markdown: prints as a line to write on


def render_markdown(result: PrepResult, *, notes_lines: int = 2) -> str:
    """Render `result` as a printable Markdown sheet.

    Args:
        result: The prep answer.
        notes_lines: Ruled lines left under each question for handwritten notes.
    """
    lang = result.language
    out = [f"# {ui('title_' + result.role, lang)}", "",
           f"{ui('date', lang)}: {_BLANK}  ", f"{ui('participants', lang)}: {_BLANK}", "",
           f"*{ui('intro_' + result.role, lang)}*", ""]
    if result.note:
        out += [f"> {result.note}", ""]
    if not result.sections:
        out += [ui("empty", lang), ""]
    number = 0
    for section in result.sections:
        out += [f"## {section.title}", ""]
        for question in section.questions:
            number += 1
            indent = " " * (len(str(number)) + 2)
            out.append(f"{number}. **{question.text}**  ")
            if result.role == "manager":
                out.append(f"{indent}_{ui('kind_' + question.kind, lang)}_  ")
            if question.why:
                out.append(f"{indent}*{ui('why', lang)}: {question.why}*")
            out += ["", f"{indent}{ui('notes', lang)}:", ""]
            for _ in range(notes_lines):
                out += [f"{indent}{_RULE}", ""]
    out += [f"## {ui('other', lang)}", ""]
    for _ in range(notes_lines + 1):
        out += [_RULE, ""]
    if result.sources:
        out += [f"## {ui('sources', lang)}", ""]
        out += [f"- {s.title} (`{s.id}`)" for s in result.sources]
        out.append("")
    return "\n".join(out)
