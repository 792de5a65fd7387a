"""Printable Markdown for prep questions, and every UI string of the feature in both languages.

The sheet is meant to be printed and brought to the meeting: a title, a date line left blank,
one heading per section, questions numbered straight through (so both sides can say "question
7"), and ruled space for notes under each question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # prep imports this module for `ui`; import its types for checking only
    from coach.prep.plan import PrepResult

# One place for the feature's UI strings (section titles come from coach.taxonomy).
UI: dict[str, dict[str, str]] = {
    "title_employee": {"da": "Forberedelse til MUS – medarbejder",
                       "en": "MUS preparation – employee"},
    "title_manager": {"da": "Forberedelse til MUS – leder", "en": "MUS preparation – manager"},
    "date": {"da": "Dato", "en": "Date"},
    "participants": {"da": "Deltagere", "en": "Participants"},
    "intro_employee": {
        "da": "Skriv stikord under hvert spørgsmål, og tag arket med til samtalen.",
        "en": "Jot down a few notes under each question and bring this sheet to the meeting.",
    },
    "intro_manager": {
        "da": "Brug spørgsmålene til at forberede dig og til at spørge ind under samtalen. "
              "Skriv stikord undervejs.",
        "en": "Use the questions to prepare and to ask during the meeting. Jot down notes as "
              "you go.",
    },
    "why": {"da": "Hvorfor", "en": "Why"},
    "notes": {"da": "Noter", "en": "Notes"},
    "other": {"da": "Andet jeg vil tage op", "en": "Anything else I want to raise"},
    "sources": {"da": "Kilder", "en": "Sources"},
    "bank_source": {"da": "Spørgsmålsbanken: {topic}", "en": "Question bank: {topic}"},
    "empty": {"da": "Der blev ikke fundet spørgsmål til de valgte emner.",
              "en": "No questions were found for the chosen topics."},
}

_BLANK = "_" * 32
_RULE = "___"  # a thematic break in Markdown: prints as a line to write on


def ui(key: str, language: str, **values: Any) -> str:
    """The UI string `key` in `language`, with `{placeholders}` filled from `values`."""
    text = UI[key][language]
    return text.format(**values) if values else text


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
    if not result.sections:
        out += [ui("empty", lang), ""]
    number = 0
    for section in result.sections:
        out += [f"## {section.title}", ""]
        for question in section.questions:
            number += 1
            indent = " " * (len(str(number)) + 2)
            out.append(f"{number}. **{question.text}**  ")
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
