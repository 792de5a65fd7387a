"""The summary feature's data: the notes lexicon (coach/data/summary/lexicon.yaml) compiled once
per language, and its strings (coach/data/summary/messages.yaml).

Phrase lists use the goal lexicon's syntax and compiler (`coach.goals.lexicon.compile_phrases`:
whole words, "word*" for any ending), so HR writes both files the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from coach.catalogue import Catalogue, catalogue
from coach.datafile import Strict, Words, load
from coach.goals.lexicon import DIGITS, compile_phrases
from coach.knowledge.types import Topic
from coach.language import LANGUAGES, Language
from coach.paths import DATA_DIR

LEXICON_FILE = DATA_DIR / "summary" / "lexicon.yaml"
Kind = Literal["goals", "actions", "follow_up"]
Role = Literal["employee", "manager"]


@cache
def messages() -> Catalogue:
    """Every string of the summary feature (coach/data/summary/messages.yaml)."""
    return catalogue("summary/messages.yaml")


def ui(key: str, language: str, **values: Any) -> str:
    """The string `key` in `language`, with `{fields}` filled from `values`."""
    return messages().message(key, language, **values)


class _PerLanguage(Strict):
    da: Words
    en: Words


class _Labels(Strict):
    goals: _PerLanguage
    actions: _PerLanguage
    follow_up: _PerLanguage
    topics: dict[Topic, _PerLanguage]


class _FollowUp(_PerLanguage):
    objects: _PerLanguage


class _Outcomes(Strict):
    strong: Words
    verbs: Words
    words: Words


class _ManagerWords(_PerLanguage):
    suffixes: Words


class _Roles(Strict):
    manager: _ManagerWords
    employee: _PerLanguage
    letters: dict[str, Role]
    name_tags: dict[str, Role]
    writer: _PerLanguage
    writer_labels: _PerLanguage
    writer_owns: _PerLanguage
    writer_is_employee: _PerLanguage
    writer_is_manager: _PerLanguage
    key_labels: _PerLanguage
    honorifics: Words


class _Pronouns(Strict):
    writer: _PerLanguage
    both: _PerLanguage
    other: _PerLanguage


class _Modals(_PerLanguage):
    not_commitments: _PerLanguage


class _TableHeaders(Strict):
    words: Words
    owners: Words


class _HeadingParts(Strict):
    joins: Words
    scopes: _PerLanguage


class _Ambiguous(Strict):
    notes: Words
    month_notes: Words
    meeting_notes: Words


class LexiconFile(Strict):
    """coach/data/summary/lexicon.yaml (documented in its header)."""

    labels: _Labels
    framing: _PerLanguage
    action_verbs: _PerLanguage
    infinitive_verbs: _PerLanguage
    booking_verbs: _PerLanguage
    goal_nouns: _PerLanguage
    outcomes: _Outcomes
    follow_up: _FollowUp
    roles: _Roles
    pronouns: _Pronouns
    owner_fields: _PerLanguage
    modals: _Modals
    copulas: _PerLanguage
    relative_days: dict[str, int]
    header_words: Words
    topics: dict[Topic, _PerLanguage]
    table_headers: _TableHeaders
    heading_parts: _HeadingParts
    abbreviations: Words
    ambiguous: _Ambiguous


def present_forms(entry: str, language: str) -> set[str]:
    """The forms a to-do takes: infinitive or imperative, present tense ("booke", "booker";
    "send", "sends"), and irregular forms given after "|". Past forms are left out on purpose:
    "vi snakkede om", "Nadia asked for" report the meeting, they are not agreements."""
    base, *irregular = entry.lower().split("|")
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {base, *irregular}
    if language == "da":
        stem = head[:-1] if head.endswith("e") and len(head) > 3 else head
        forms |= {stem + ending + tail for ending in ("e", "er", "r")}
        forms.add(head + "r" + tail)
    else:
        forms |= {head + "s" + tail, head + "es" + tail}
        if head.endswith("y"):
            forms.add(head[:-1] + "ies" + tail)
    return forms


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    return compile_phrases([str(w) for w in words], DIGITS)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class NotesLexicon:
    """The lexicon of one language, compiled (`notes_lexicon`)."""

    language: Language
    labels: dict[str, str]  # normalised label -> kind ("goals", ...) or topic slug
    framing: re.Pattern[str]  # one framing phrase at the start
    action_verb: re.Pattern[str]  # a present form of an action verb
    booking: re.Pattern[str]
    goal_noun: re.Pattern[str]  # at the start of a clause
    outcome_verb: re.Pattern[str]
    outcome_strong: re.Pattern[str]
    copula: re.Pattern[str]
    relative_days: dict[str, int]
    relative_day: re.Pattern[str]
    outcome: re.Pattern[str]
    follow_up: re.Pattern[str]
    follow_up_object: re.Pattern[str]  # "with"/"med" right after a follow-up verb
    manager: re.Pattern[str]
    manager_suffixes: tuple[str, ...]
    employee: re.Pattern[str]
    letters: dict[str, Role]
    name_tags: dict[str, Role]  # "Ines Costa (EM)"
    writer: re.Pattern[str]
    writer_label: re.Pattern[str]
    writer_owns: re.Pattern[str]
    writer_is_employee: re.Pattern[str]
    writer_is_manager: re.Pattern[str]
    key_label: re.Pattern[str]
    honorifics: frozenset[str]
    pronoun_writer: frozenset[str]
    pronoun_both: frozenset[str]
    pronoun_other: frozenset[str]
    owner_field: re.Pattern[str]
    modal: re.Pattern[str]
    not_commitment: re.Pattern[str]
    header_words: frozenset[str]
    topics: dict[str, re.Pattern[str]]
    table_words: frozenset[str]
    table_owners: frozenset[str]
    ambiguous_notes: frozenset[str]
    month_notes: frozenset[str]
    meeting_notes: frozenset[str]  # conventions that give no day to meet on
    abbreviations: frozenset[str]  # "evt.", "e.g.": a full stop that ends no sentence
    heading_join: re.Pattern[str]  # between two label phrases of one heading
    heading_scope: re.Pattern[str]  # at the end of a heading ("goals for this year")

    @staticmethod
    def _label_norm(text: str) -> str:
        # Markdown and leading symbols or emoji ("✅ Agreed actions", "🎯 Goal") say nothing
        norm = _norm(re.sub(r"[*#_]+", " ", text)).strip(" :.-–—|")
        norm = re.sub(r"^[^\w(]+", "", norm)
        norm = re.sub(r"^(?:\d{1,2}|[a-h])[).]\s+", "", norm)  # "4) Agreed objectives", "b. Mål"
        # "Professional goals (agreed)": a closing parenthesis only qualifies the heading
        norm = re.sub(r"(?<=\w)\s*\([^()]*\)$", "", norm) or norm
        return re.sub(r"(?:\s+(?:\d{1,4}|[ivx]+))+$", "", norm)  # "goals 2027", "mål 1"

    def _compound(self, norm: str) -> str | None:
        """The label of a heading made of label phrases ("Mål og forventninger",
        "forventninger/mål", "goals for this year"): a kind before a topic, goals first."""
        core = self.heading_scope.sub("", norm).strip(" :.-–—")
        parts = [p for p in self.heading_join.split(core) if p.strip()]
        if not parts or (len(parts) == 1 and core == norm):
            return None
        found = [self.labels.get(p.strip()) for p in parts]
        if any(f is None for f in found):
            return None
        for kind in ("goals", "actions", "follow_up"):
            if kind in found:
                return kind
        return found[0]

    def is_label_phrase(self, text: str) -> bool:
        """True when `text` is a whole label phrase ("Aftalte mål", "Goals 2027"), or label
        phrases joined ("Mål og forventninger") or scoped ("goals for this year")."""
        norm = self._label_norm(text)
        return norm in self.labels or self._compound(norm) is not None

    def label(self, text: str) -> str | None:
        """What a heading or label says: a kind ("goals", "actions", "follow_up"), a topic
        slug, or None. Exact phrase first, then joined phrases, then its first words, then a
        follow-up phrase in it."""
        norm = self._label_norm(text)
        if norm in self.labels:
            return self.labels[norm]
        compound = self._compound(norm)
        if compound is not None:
            return compound
        words = norm.split()
        for n in (2, 1):
            # the head noun of a noun phrase comes last in both languages: "Agreed
            # objectives", "Nye aftalte mål" are goals when the words before are label words
            # too ("last year's objectives" is not)
            if len(words) > n and self.labels.get(" ".join(words[-n:])) == "goals" and all(
                    w in self.labels for w in words[:-n]):
                return "goals"
        for n in (3, 2, 1):
            if len(words) > n and " ".join(words[:n]) in self.labels:
                return self.labels[" ".join(words[:n])]
        if len(words) <= 6 and self.follow_up.search(norm):
            return "follow_up"
        return None


def _merge(*parts: Iterable[Any]) -> list[str]:
    return [str(w) for part in parts for w in part]


@cache
def notes_lexicon(language: Language) -> NotesLexicon:
    """The summary lexicon for `language`, checked against its schema and compiled once."""
    data = load(LEXICON_FILE, LexiconFile)

    def lang(section: _PerLanguage) -> list[str]:
        return [str(w) for w in getattr(section, language)]

    def both(section: _PerLanguage) -> list[str]:
        # Danish notes borrow English headings and titles ("Action items", "teamlead"); the
        # other language's words count too, the notes' own first.
        other = "en" if language == "da" else "da"
        return lang(section) + [str(w) for w in getattr(section, other)]

    labels: dict[str, str] = {}
    for pick in (both, lang):  # the notes' own language last, so it wins
        for topic, words in data.labels.topics.items():
            labels.update({_norm(w): topic for w in pick(words)})
        for kind in ("follow_up", "goals", "actions"):  # a kind wins over a topic
            labels.update({_norm(w): kind for w in pick(getattr(data.labels, kind))})
    verbs: set[str] = set(lang(data.infinitive_verbs))
    for entry in lang(data.action_verbs):
        verbs |= present_forms(entry, language)
    roles = data.roles
    return NotesLexicon(
        language=language,
        labels=labels,
        framing=re.compile(rf"(?:{_phrases(lang(data.framing)).pattern})\s*[,:]?\s*",
                           re.IGNORECASE),
        action_verb=_phrases(verbs),
        booking=_phrases(_merge(*(present_forms(v, language)
                                  for v in lang(data.booking_verbs)))),
        goal_noun=_phrases(lang(data.goal_nouns)),
        outcome_verb=_phrases(_merge(*(present_forms(str(v), language)
                                       for v in data.outcomes.verbs))),
        outcome=_phrases(data.outcomes.words),
        outcome_strong=_phrases(_merge(*(present_forms(str(v), language)
                                         for v in data.outcomes.strong))),
        copula=_phrases(lang(data.copulas)),
        relative_days={k.lower(): v for k, v in data.relative_days.items()},
        relative_day=_phrases(data.relative_days),
        follow_up=_phrases(both(data.follow_up)),
        follow_up_object=_phrases(lang(data.follow_up.objects)),
        manager=_phrases(both(roles.manager)),
        manager_suffixes=tuple(str(s) for s in roles.manager.suffixes),
        employee=_phrases(both(roles.employee)),
        letters={k.lower(): v for k, v in roles.letters.items()},
        name_tags={k.lower(): v for k, v in roles.name_tags.items()},
        writer=_phrases(lang(roles.writer)),
        writer_label=_phrases(lang(roles.writer_labels)),
        writer_owns=_phrases(both(roles.writer_owns)),
        writer_is_employee=_phrases(lang(roles.writer_is_employee)),
        writer_is_manager=_phrases(lang(roles.writer_is_manager)),
        key_label=_phrases(both(roles.key_labels)),
        honorifics=frozenset(str(w).lower() for w in roles.honorifics),
        pronoun_writer=frozenset(w.lower() for w in lang(data.pronouns.writer)),
        pronoun_both=frozenset(w.lower() for w in lang(data.pronouns.both)),
        pronoun_other=frozenset(w.lower() for w in lang(data.pronouns.other)),
        owner_field=_phrases(both(data.owner_fields)),
        modal=_phrases(lang(data.modals)),
        not_commitment=_phrases(lang(data.modals.not_commitments)),
        header_words=frozenset(str(w).lower() for w in data.header_words),
        topics={t: _phrases(lang(words)) for t, words in data.topics.items()},
        table_words=frozenset(str(w).lower() for w in data.table_headers.words),
        table_owners=frozenset(str(w).lower() for w in data.table_headers.owners),
        ambiguous_notes=frozenset(str(n) for n in data.ambiguous.notes),
        month_notes=frozenset(str(n) for n in data.ambiguous.month_notes),
        meeting_notes=frozenset(str(n) for n in data.ambiguous.meeting_notes),
        abbreviations=frozenset(str(w).lower() for w in data.abbreviations),
        heading_join=re.compile(r"\s*(?:" + "|".join(
            re.escape(str(j)) if not str(j).isalpha() else rf"\b{re.escape(str(j))}\b"
            for j in data.heading_parts.joins) + r")\s*"),
        heading_scope=re.compile(r"\s+(?:" + "|".join(
            re.escape(_norm(str(w))) for w in both(data.heading_parts.scopes)) + r")$"),
    )


def check_lexicon() -> None:
    """Load and compile both languages (start-up check; raises `DataFileError`)."""
    from coach.summary.commitment import check_commitment  # its own file, checked alike

    for language in LANGUAGES:
        notes_lexicon(language)
    check_commitment()
