"""The referat as Markdown, in the notes' language: ready to paste into an HR system or print.

Points, goals and to-dos are the notes' own words; the referat adds only structure, the
resolved dates, the SMART verdicts, proposals marked as such, open questions and lines to sign.
"""

from __future__ import annotations

from datetime import date

from coach.goals.types import REQUIRED
from coach.language import Language
from coach.summary.lexicon import ui
from coach.summary.plan import long_date, owner_label
from coach.summary.types import SummaryResult

_RULE = "_" * 24


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _day(day: date | None, language: Language) -> str:
    return long_date(day, language) if day else ui("placeholders.when", language)


def render_markdown(result: SummaryResult, *, title: str | None = None) -> str:
    """The referat of `result`; `title` is the notes' own heading line, shown as written."""
    lang = result.language
    out = [f"# {ui('referat.title', lang)}", ""]
    when = long_date(result.meeting_date, lang) if result.meeting_date else ui(
        "placeholders.date", lang)
    out.append(f"**{ui('referat.date', lang)}:** {when}  ")
    people = ", ".join(f"{p.name} ({ui(f'roles.{p.role}', lang)})" if p.role else p.name
                       for p in result.participants)
    out.append(f"**{ui('referat.participants', lang)}:** "
               f"{people or ui('placeholders.names', lang)}" + ("  " if title else ""))
    if title:
        out.append(f"**{ui('referat.heading', lang)}:** {_cell(title)}")
    out.append("")
    for section in result.sections:
        out += [f"## {section.title}", ""]
        if section.summary:
            out += [section.summary, ""]
        else:
            out += [f"- {_cell(p.text)}" for p in section.points] + [""]
    if not result.sections:
        out += [ui("referat.no_points", lang), ""]

    out += [f"## {ui('referat.goals', lang)}", ""]
    for goal in result.goals:  # bullets, not numbers: a list number would read as a fact
        missing = [ui(f"criteria.{k}", lang) for k in REQUIRED
                   if getattr(goal.check.criteria, k).met is not True]
        smart = ui("referat.smart_missing", lang, criteria=", ".join(missing)) if missing \
            else ui("referat.smart_met", lang)
        out.append(f"- {_cell(goal.text)}  ")
        out.append(f"  {ui('referat.deadline', lang)}: {_day(goal.deadline, lang)} · {smart}")
    if not result.goals:
        out.append(ui("referat.no_goals", lang))
    out.append("")

    out += [f"## {ui('referat.actions', lang)}", ""]
    if result.actions:
        out += [f"| {ui('referat.what', lang)} | {ui('referat.who', lang)} | "
                f"{ui('referat.when', lang)} |", "|---|---|---|"]
        out += [f"| {_cell(a.text)} | {owner_label(a.owner, lang)} | {_day(a.due, lang)} |"
                for a in result.actions]
    else:
        out.append(ui("referat.no_actions", lang))
    out.append("")

    out += [f"## {ui('referat.follow_up', lang)}", ""]
    for f in result.follow_up:
        kind = ui("referat.proposed", lang) if f.proposed else ui("referat.stated", lang)
        clock = f" {f.time}" if f.time else ""
        out.append(f"- **{long_date(f.date, lang)}{clock}** – {f.title} ({kind}). "
                   f"{_cell(f.reason)}")
    out.append("")

    if result.questions:
        out += [f"## {ui('referat.questions', lang)}", ""]
        out += [f"- {_cell(q)}" for q in result.questions] + [""]

    out += [f"## {ui('referat.signatures', lang)}", ""]
    for key in ("sign_employee", "sign_manager"):
        out += [f"{ui(f'referat.{key}', lang)}: {_RULE}  {ui('referat.sign_date', lang)}: "
                f"{_RULE[:12]}", ""]
    if result.sources:
        out += [f"## {ui('referat.sources', lang)}", ""]
        out += [f"- {s.title}" for s in result.sources] + [""]
    out += [f"*{ui('referat.footer', lang)}*", ""]
    return "\n".join(out)
