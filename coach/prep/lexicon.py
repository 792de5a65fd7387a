"""The preparation feature's data: topic cues (coach/data/prep/topics.yaml) and its strings."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from coach.catalogue import Catalogue, catalogue
from coach.datafile import Strict, Words, read_yaml, validate
from coach.knowledge.types import Topic
from coach.language import Language
from coach.paths import DATA_DIR
from coach.taxonomy import TOPIC_SLUGS

TOPICS_FILE = DATA_DIR / "prep" / "topics.yaml"


def messages() -> Catalogue:
    """Every string of the preparation feature (coach/data/prep/messages.yaml)."""
    return catalogue("prep/messages.yaml")


def ui(key: str, language: str, **values: Any) -> str:
    """The string `key` in `language`, with `{placeholders}` filled from `values`."""
    return messages().message(key, language, **values)


class _PerLanguage(Strict):
    da: Words
    en: Words


class _Fallback(Strict):
    text: str
    why: str


class _ManagerFallback(Strict):
    topic: Topic
    da: _Fallback
    en: _Fallback


class _ManagerSelf(Strict):
    match: dict[Language, tuple[Words, ...]]
    fallback: _ManagerFallback
    presupposes: str
    fallback_new: dict[Language, _Fallback]


class _QuestionForms(Strict):
    question_words: Words
    imperatives: Words
    closed_starters: Words


def _cue_topic(value: str) -> str:
    # "preparation" stands for preparation-employee or -manager, by the request's role.
    if value != "preparation" and value not in TOPIC_SLUGS:
        raise ValueError(f"unknown topic '{value}'; use a taxonomy slug or 'preparation'")
    return value


class _Kinds(Strict):
    interest: _PerLanguage
    worry: _PerLanguage
    change: _PerLanguage


class _KindTopics(Strict):
    interest: Topic
    worry: Topic
    change: Topic
    fact: Topic


class _Situation(Strict):
    kinds: _Kinds
    meta_words: _PerLanguage
    kind_topics: _KindTopics
    not_topics: tuple[Topic, ...]
    lead_words: _PerLanguage
    self_subjects: _PerLanguage
    other_subjects: _PerLanguage
    others_named: _PerLanguage
    clause_words: _PerLanguage
    comma_clause_words: _PerLanguage
    role_predicates: _PerLanguage
    role_places: _PerLanguage
    long_ago: _PerLanguage


class _Facts(Strict):
    new_manager: _PerLanguage
    new_employee: _PerLanguage
    first_mus: _PerLanguage


class _FactFrame(Strict):
    verbs: _PerLanguage
    nouns: _PerLanguage
    gap: int  # words allowed between the verb and the noun


class _Presupposition(_PerLanguage):
    contradicted_by: tuple[Literal["new_manager", "new_employee", "first_mus"], ...]


class _QuestionKinds(Strict):
    prepare_topics: tuple[Topic, ...]
    third_person: _PerLanguage
    first_person: _PerLanguage
    addressed: _PerLanguage
    second_person: _PerLanguage


class _MeetingTopics(Strict):
    topics: tuple[Topic, ...]
    words: _PerLanguage


class _TopicsFile(Strict):
    cues: dict[Annotated[str, AfterValidator(_cue_topic)], _PerLanguage]
    meeting_topics: _MeetingTopics
    retrieval_topics: tuple[Topic, ...]
    optional_topics: tuple[Topic, ...]
    opening_topic: Topic
    closing_topic: Topic
    manager_self: _ManagerSelf
    question_forms: dict[Language, _QuestionForms]
    situation: _Situation
    facts: _Facts
    fact_frames: dict[Literal["new_manager", "new_employee", "first_mus"], _FactFrame]
    presuppositions: dict[str, _Presupposition]
    look_back: tuple[str, ...]
    kinds: _QuestionKinds


@cache
def prep_data() -> dict[str, Any]:
    """The topic cues and question rules, checked against their schema at first use."""
    data = read_yaml(TOPICS_FILE)
    validate(TOPICS_FILE, data, _TopicsFile)
    result: dict[str, Any] = data
    return result
