"""Danish and English examples for every operation, shown as named examples in /docs.

Request examples are written here, keyed by method and path, so the route modules stay thin.
Response examples are the service's real answers to these requests (rules engine), recorded in
`api/examples_responses.json` by `python scripts/update_openapi.py`; tests check that every
request example is accepted and every response example matches its schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESPONSES_FILE = Path(__file__).with_name("examples_responses.json")

DOC_DA = """# Sådan holder vi MUS

Vi holder MUS én gang om året i oktober. Medarbejderen får skabelonen to uger før og bruger en time
på at forberede sig: hvad er gået godt, hvad vil du lære, og hvad skal der til? Lederen læser
sidste års aftaler igennem og tager konkrete eksempler med. Samtalen slutter med højst tre
aftaler, som skrives ind i HR-systemet samme uge og følges op ved de månedlige samtaler."""
DOC_EN = """# How we run appraisals

We hold the appraisal once a year in October. Employees get the template two weeks ahead and
spend an hour preparing: what went well, what do you want to learn, and what would help? Managers
re-read last year's agreements and bring concrete examples. The meeting ends with at most three
agreements, recorded in the HR system the same week and followed up in the monthly one-to-ones."""


def _ex(summary: str, value: Any) -> dict[str, Any]:
    return {"summary": summary, "value": value}


# (METHOD, path) -> example name -> {"summary", "value"}
REQUEST_EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("POST", "/v1/feedback/analyze"): {
        "da": _ex("Dansk: dom over personen", {
            "text": "Du er altid for sent på den og virker ligeglad med teamet.",
            "language": "da"}),
        "en": _ex("English: judging the person", {
            "text": "You never listen in meetings and you're careless with the reports.",
            "language": "en"}),
    },
    ("POST", "/v1/feedback/rephrase"): {
        "da": _ex("Dansk: med baggrund og et navn, der ikke må forlade serveren", {
            "text": "Jonas er doven og kommer altid for sent til møderne.",
            "context": "Teammødet mandag kl. 9: tre gange i oktober kom Jonas 15 minutter for "
                       "sent, og vi måtte gennemgå dagsordenen igen.",
            "language": "da", "names": ["Jonas"]}),
        "en": _ex("English: with context and a name that must not leave the server", {
            "text": "Sarah is careless and never checks her reports.",
            "context": "The Q3 report went to the client with two wrong totals; Sarah found them "
                       "after it was sent.",
            "language": "en", "names": ["Sarah"]}),
    },
    ("POST", "/v1/feedback/rehearse"): {
        "da": _ex("Dansk: en dom efter en konkret åbning, over for en medarbejder i forsvar", {
            "feedback": "Du er altid så negativ på møderne.",
            "history": [
                {"role": "manager", "text": "På tavlemødet i går sagde du nej til to forslag "
                                            "uden at forklare hvorfor. Hvordan oplevede du det?"},
                {"role": "employee", "text": "Okay, det skete. Men der var en grund til det."}],
            "persona": "defensive", "language": "da"}),
        "en": _ex("English: a behaviour-focused opening, to a quiet employee", {
            "feedback": "In Monday's stand-up you interrupted Ana twice while she explained the "
                        "blocker, and she didn't get to finish. How did you see it?",
            "persona": "quiet", "language": "en", "names": ["Ana"]}),
    },
    ("POST", "/v1/goals/check"): {
        "da": _ex("Dansk: et SMART mål med kontekst", {
            "goal": "Jeg vil bestå Azure-certificeringen AZ-104 inden udgangen af 2. kvartal.",
            "context": "Jeg er driftstekniker i et team, der flytter vores servere til skyen i år.",
            "language": "da", "today": "2026-01-15"}),
        "en": _ex("English: a vague goal", {
            "goal": "Get better at presenting.", "language": "en", "today": "2026-01-15"}),
    },
    ("POST", "/v1/prep/questions"): {
        "da": _ex("Dansk: medarbejder, valgte emner", {
            "role": "employee", "language": "da", "topics": ["work-situation", "development"],
            "context": "Jeg har været i jobbet i to år og vil gerne have mere ansvar for "
                       "kundeprojekter.", "count": 4}),
        "en": _ex("English: manager, topics chosen from the context", {
            "role": "manager", "language": "en",
            "context": "A senior developer on my team seems overloaded since two colleagues left.",
            "count": 4}),
    },
    ("POST", "/v1/knowledge/documents"): {
        "da": _ex("Dansk dokument (JSON)", {
            "text": DOC_DA, "topic": "follow-up", "audience": "both", "language": "da"}),
        "en": _ex("English document (JSON)", {
            "text": DOC_EN, "title": "Appraisals at Example Ltd", "topic": "follow-up",
            "audience": "both", "language": "en"}),
    },
}

# Query parameter examples: (METHOD, path) -> example name -> params
QUERY_EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("GET", "/v1/guidance/search"): {
        "da": {"q": "Hvordan giver jeg konstruktiv feedback?", "k": 2, "language": "da"},
        "en": {"q": "How do we follow up after the appraisal?", "k": 2, "language": "en"},
    },
}
_QUERY_SUMMARIES = {"da": "Dansk", "en": "English"}


def load_responses() -> dict[str, dict[str, Any]]:
    """Recorded responses: "METHOD path" -> {"status": int, "examples": {name: value}}."""
    if not RESPONSES_FILE.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(RESPONSES_FILE.read_text("utf-8"))
    return data


def apply_examples(schema: dict[str, Any]) -> None:
    """Put the named examples into the requests, query parameters and responses of `schema`."""
    paths = schema.get("paths", {})
    for (method, path), examples in REQUEST_EXAMPLES.items():
        body = paths.get(path, {}).get(method.lower(), {}).get("requestBody", {})
        media = body.get("content", {}).get("application/json")
        if media is not None:
            media["examples"] = examples
    for (method, path), by_name in QUERY_EXAMPLES.items():
        for param in paths.get(path, {}).get(method.lower(), {}).get("parameters", []):
            named = {name: {"summary": _QUERY_SUMMARIES.get(name, name),
                            "value": params[param["name"]]}
                     for name, params in by_name.items() if param["name"] in params}
            if named:
                param["examples"] = named
    for key, recorded in load_responses().items():
        method, path = key.split(" ", 1)
        op = paths.get(path, {}).get(method.lower())
        if not op:
            continue
        response = op.get("responses", {}).get(str(recorded["status"]), {})
        media = response.get("content", {}).get("application/json")
        if media is not None:
            media["examples"] = {
                name: {"summary": _QUERY_SUMMARIES.get(name, name), "value": value}
                for name, value in recorded["examples"].items()}
