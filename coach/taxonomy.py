"""The topic taxonomy and audiences from the product contract."""

from __future__ import annotations

from typing import Literal

Audience = Literal["employee", "manager", "both"]
AUDIENCES: tuple[Audience, ...] = ("employee", "manager", "both")
Source = Literal["builtin", "org"]

# Ordered the way a MUS runs: why we meet -> looking back/preparing -> the present ->
# looking ahead -> after the meeting. Prep questions use this order for sections.
TOPICS: dict[str, dict[str, str]] = {
    "purpose": {"da": "Formålet med MUS", "en": "The purpose of MUS"},
    "preparation-employee": {"da": "Medarbejderens forberedelse", "en": "Preparing as employee"},
    "preparation-manager": {"da": "Lederens forberedelse", "en": "Preparing as manager"},
    "work-situation": {"da": "Den nuværende arbejdssituation", "en": "The current work situation"},
    "wellbeing": {"da": "Trivsel og balance", "en": "Wellbeing and balance"},
    "challenges": {"da": "Udfordringer og forhindringer", "en": "Challenges and obstacles"},
    "feedback": {"da": "Feedback og anerkendelse", "en": "Feedback and recognition"},
    "expectations-goals": {"da": "Forventninger og mål", "en": "Expectations and goals"},
    "smart-goals": {"da": "SMART-mål", "en": "SMART goals"},
    "development": {"da": "Udvikling og læring", "en": "Development and learning"},
    "follow-up": {"da": "Opfølgning", "en": "Follow-up"},
    "documentation": {
        "da": "Dokumentation og fortrolighed",
        "en": "Documentation and confidentiality",
    },
    "virtual": {"da": "MUS over video", "en": "MUS over video"},
}
TOPIC_SLUGS: tuple[str, ...] = tuple(TOPICS)

# Topics every prep set contains, whatever the context says (contract + issue 6).
CORE_TOPICS: tuple[str, ...] = ("work-situation", "expectations-goals", "development", "feedback")


def topic_title(slug: str, language: str) -> str:
    """Human title of a topic in `language`."""
    return TOPICS[slug][language]


def is_topic(slug: str) -> bool:
    """True when `slug` is in the taxonomy."""
    return slug in TOPICS
