"""Web pages without a browser: every page in both languages, the no-JavaScript form flows
(plain POST, server renders the coach's answer), the catalogue and the offline guarantees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.i18n import CATALOGUE, LANG_COOKIE
from api.web.views import JS_KEYS, TEMPLATES, finding_tree, placeholder_parts
from coach.catalogue import load_catalogue, read_catalogue
from coach.errors import DataFileError
from coach.knowledge import Hit
from coach.settings import get_settings
from tests.support.paths import ROOT

WEB = ROOT / "api" / "web"
SENTENCE = "Du er altid så negativ på møderne"


class StubRetriever:
    """Returns one built-in and one org passage; records the last call."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None) -> list[Any]:
        self.calls.append((query, k, topic, audience, language))
        base: dict[str, Any] = {"topic": "feedback", "audience": "manager", "language": "da",
                                "score": 0.9}
        return [Hit(**base, id="a:1", doc_id="a", title="Adfærd, ikke person", source="builtin",
                    text="Første afsnit.\n\n- Andet <b>afsnit</b>."),
                Hit(**base, id="org:2", doc_id="org", title="Vores feedbackpolitik", source="org",
                    text="Hos os giver vi feedback inden for en uge.")]


def _analysis(text: str) -> dict[str, Any]:
    start = text.find("altid")
    findings = []
    if start >= 0:
        findings.append({"category": "generalization", "start": start, "end": start + 5,
                         "excerpt": "altid", "explanation": "Altid/aldrig gør det til personen."})
    return {"language": "da", "person_directed": bool(findings), "findings": findings,
            "strengths": [] if findings else ["Beskriver en situation."]}


SOURCES = [{"id": "feedback-sbi-manager-da:1", "title": "SBI-modellen", "topic": "feedback"}]


@dataclass
class StubCoach:
    """The Coach facade's feature methods, answering with contract-shaped data."""

    settings: Any
    ready: bool = True
    llm: Any = None
    retriever: StubRetriever = field(default_factory=StubRetriever)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def analyze_feedback(self, text: str, **kw: Any) -> dict[str, Any]:
        self.calls.append(("analyze", {"text": text, **kw}))
        return _analysis(text)

    async def rephrase_feedback(self, text: str, **kw: Any) -> dict[str, Any]:
        self.calls.append(("rephrase", {"text": text, **kw}))
        suggestion = {"text": "På mødet [hvornår] sagde du nej til tre forslag. Hvad tænker du?",
                      "situation": "På mødet [hvornår]", "behaviour": "sagde nej til tre forslag",
                      "impact": "", "request": "Hvad tænker du?"}
        return {"language": "da", "analysis": _analysis(text), "suggestions": [suggestion],
                "explanation": "Beskriv det, du så.", "sources": SOURCES, "engine": "rules",
                "degraded": False}

    async def search_guidance(self, query: str, k: int = 5, **kw: Any) -> list[Any]:
        return self.retriever.search(query, k, **kw)

    async def check_goal(self, goal: str, **kw: Any) -> dict[str, Any]:
        self.calls.append(("goal", {"goal": goal, **kw}))
        crit = {"met": True, "evidence": ["Excel-kurset"], "advice": ""}
        return {"language": "da", "deadline": "2025-06-30", "is_smart": False,
                "criteria": {"specific": crit, "time_bound": crit,
                             "measurable": {"met": False, "evidence": [], "advice": "Sæt tal på."},
                             "achievable": {"met": None, "evidence": [], "advice": ""},
                             "relevant": {"met": None, "evidence": [], "advice": ""}},
                "suggestion": "Tag Excel-kurset inden [dato].", "questions": ["Hvad er nok?"],
                "sources": SOURCES, "engine": "llm", "degraded": True}

    async def prep_questions(self, role: str, **kw: Any) -> Any:
        from coach.prep import PrepQuestion, PrepResult, PrepSection

        self.calls.append(("prep", {"role": role, **kw}))
        lang = kw.get("language") or "da"
        q = PrepQuestion(text="Hvad har givet dig energi?" if lang == "da" else
                         "What gave you energy?", why="Åbner." if lang == "da" else "Opens.",
                         source_ids=["bank:1"])
        return PrepResult(language=lang, role=role, sections=[
            PrepSection(topic="work-situation", title="Arbejdssituation", questions=[q, q]),
            PrepSection(topic="development", title="Udvikling", questions=[q])],
            sources=SOURCES, engine="rules")


@pytest.fixture
def coach(tmp_path: Path) -> StubCoach:
    return StubCoach(settings=get_settings(data_dir=tmp_path / "data", rate_limit="off"))


@pytest.fixture
def client(coach: StubCoach) -> TestClient:
    app = create_app(coach.settings, coach=coach)  # type: ignore[arg-type]
    return TestClient(app)


@pytest.mark.parametrize("path", ["/", "/feedback", "/rehearse", "/goals", "/prep", "/guidance"])
def test_every_page_in_danish_by_default_and_english_on_request(client: TestClient,
                                                                path: str) -> None:
    da = client.get(path)
    assert da.status_code == 200
    assert '<html lang="da">' in da.text and 'hreflang="en"' in da.text
    en = client.get(path, params={"lang": "en"})
    assert '<html lang="en">' in en.text
    assert en.cookies.get(LANG_COOKIE) == "en"
    assert '<html lang="en">' in client.get(path).text  # the cookie keeps the choice
    assert '<html lang="da">' in client.get(path, params={"lang": "da"}).text


def test_language_switch_keeps_the_query(client: TestClient) -> None:
    r = client.get("/guidance", params={"q": "mål & feedback", "topic": "feedback"})
    assert 'href="/guidance?q=m%C3%A5l+%26+feedback&amp;topic=feedback&amp;lang=en"' in r.text


def test_pages_carry_security_headers_and_load_nothing_from_elsewhere(client: TestClient) -> None:
    r = client.get("/feedback")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["cache-control"] == "no-store"
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.css"), *WEB.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path
    assert client.get("/static/web.css").status_code == 200
    assert client.get("/static/web.js").status_code == 200


def test_catalogue_has_both_languages_for_every_key_used() -> None:
    catalogue = load_catalogue(CATALOGUE).entries
    used = set(JS_KEYS)
    for template in TEMPLATES.glob("*.html"):
        found = re.findall(r"\br?t\('([a-z0-9_]+)'", template.read_text(encoding="utf-8"))
        used |= {k for k in found if not k.endswith("_")}  # 'cat_' ~ category: prefixes below
    used |= {"months", "date_format"}
    assert used - set(catalogue) == set()
    prefixes = ("cat_", "sbi_", "smart_", "status_", "role_", "language_", "audience_",
                "engine_", "nav_", "style_", "persona_", "reaction_", "rule_")
    assert {k for k in set(catalogue) - used if not k.startswith(prefixes)} <= {
        "loading_title", "loading_message", "cross_site_title", "cross_site_message",
        "login_wrong_key", "login_key_missing", "err_invalid"}


def test_pages_word_each_input_rule_as_the_api_does() -> None:
    from api.web.i18n import Translator, rule_keys

    en, da = Translator("en"), Translator("da")
    for message, (key, _) in rule_keys().items():
        assert en.rule(message) == f"{message[:1].upper()}{message[1:]}.", key
        assert da.rule(message) != en.rule(message), key  # translated, not copied
    assert en.rule("some message nobody wrote") == en("err_invalid")


def test_templates_hold_no_ui_text_of_their_own() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        code = (r"{% block page_id %}\w+{% endblock %}|{#.*?#}|{%.*?%}|{{.*?}}"
                r"|<script.*?</script>|<svg.*?</svg>|<[^>]+>|[a-z-]+=\"[^\"]*\"")
        text = re.sub(code, " ", text, flags=re.S)
        leftover = re.sub(r"[\s·–—:()\[\]…,.]+", "", text)
        assert leftover == "", (template.name, leftover[:80])


def test_a_bad_catalogue_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text("hello: {da: 'hej'}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="hello"):
        read_catalogue(bad)


def test_feedback_check_without_javascript_highlights_with_explanation(
        client: TestClient, coach: StubCoach) -> None:
    r = client.post("/feedback", data={"text": f"  {SENTENCE} ", "action": "analyze"})
    assert r.status_code == 200
    assert '<mark class="finding cat-generalization" tabindex="0"' in r.text
    assert "Altid/aldrig gør det til personen." in r.text and 'role="tooltip"' in r.text
    assert coach.calls == [("analyze", {"text": SENTENCE, "names": []})]
    assert "Svar fra de indbyggede regler" in r.text


def test_feedback_rephrase_without_javascript_shows_cards(client: TestClient,
                                                          coach: StubCoach) -> None:
    r = client.post("/feedback", data={"text": SENTENCE, "context": "Mødet i går",
                                       "action": "rephrase"})
    assert r.status_code == 200
    assert '<span class="placeholder">[hvornår]</span>' in r.text
    assert "Adfærd" in r.text and "Ønske" in r.text and "Virkning" not in r.text  # empty part
    assert "SBI-modellen" in r.text and "Svar fra de indbyggede regler" in r.text
    assert 'name="text" value="På mødet [hvornår] sagde du nej' in r.text  # edit and re-check
    assert coach.calls == [("rephrase", {"text": SENTENCE, "context": "Mødet i går",
                                         "names": []})]
    assert 'id="names"' not in r.text  # no language model configured: no names field


@pytest.mark.parametrize(("data", "field"), [({"text": "   "}, "text"),
                                             ({"text": "x" * 4001}, "text"),
                                             ({"text": "ok", "context": "y" * 4001}, "context")])
def test_feedback_form_errors_are_shown_on_the_field(client: TestClient, coach: StubCoach,
                                                     data: dict[str, str], field: str) -> None:
    r = client.post("/feedback", data=data)
    assert r.status_code == 422
    assert f'id="{field}-error"' in r.text and 'aria-invalid="true"' in r.text
    assert coach.calls == []


def test_goal_check_renders_the_smart_table(client: TestClient, coach: StubCoach) -> None:
    r = client.post("/goals", data={"goal": "Tage Excel-kurset", "context": ""})
    assert r.status_code == 200
    assert r.text.count('<tr class="state-') == 5
    assert "state-met" in r.text and "state-unmet" in r.text and "state-unknown" in r.text
    assert "Kan ikke vurderes" in r.text and "Sæt tal på." in r.text
    assert '<time datetime="2025-06-30">30. juni 2025</time>' in r.text
    assert '<span class="placeholder">[dato]</span>' in r.text
    assert "Svar fra sprogmodellen" in r.text and "de indbyggede regler svarede i stedet" in r.text
    en = client.post("/goals?lang=en", data={"goal": "Take the course"})
    assert "30 June 2025" in en.text and "Can&#39;t judge" in en.text


def test_prep_renders_sections_numbered_through_with_markdown(client: TestClient,
                                                              coach: StubCoach) -> None:
    r = client.post("/prep", data={"role": "manager", "language": "en", "count": "3",
                                   "topics": ["development", "feedback"], "context": "new"})
    assert r.status_code == 200
    assert coach.calls == [("prep", {"role": "manager", "topics": ["development", "feedback"],
                                     "context": "new", "language": "en", "count": 3,
                                     "names": []})]
    assert '<ol start="1"' in r.text and '<ol start="3"' in r.text
    assert "What gave you energy?" in r.text and "MUS preparation – manager" in r.text
    assert 'id="prep-markdown"' in r.text and "## Arbejdssituation" in r.text
    assert 'lang="en"' in r.text and "Why" in r.text  # sheet labels in the sheet's language


def test_names_are_passed_on_when_a_language_model_may_see_the_text(
        client: TestClient, coach: StubCoach) -> None:
    coach.llm = object()
    page = client.get("/feedback")
    assert 'id="names"' in page.text and "Navne i teksten" in page.text
    r = client.post("/feedback", data={"text": SENTENCE, "names": "Mads Hansen, Ida ;\nBo",
                                       "action": "rephrase"})
    assert coach.calls[-1][1]["names"] == ["Mads Hansen", "Ida", "Bo"]
    assert 'name="names" value="Mads Hansen, Ida ;' in r.text  # kept for "edit and check again"
    client.post("/goals", data={"goal": "Lære Excel", "names": "Ida"})
    client.post("/prep", data={"role": "employee", "names": "Ida"})
    assert [c[1]["names"] for c in coach.calls[-2:]] == [["Ida"], ["Ida"]]
    for path, data in [("/feedback", {"text": "x"}), ("/goals", {"goal": "x"}),
                       ("/prep", {"role": "employee"})]:
        bad = client.post(path, data={**data, "names": ",".join(["Ida"] * 21)})
        assert bad.status_code == 422 and 'id="names-error"' in bad.text, path


def test_prep_rejects_bad_values_per_field(client: TestClient, coach: StubCoach) -> None:
    r = client.post("/prep", data={"role": "boss", "count": "99", "topics": ["nope"]})
    assert r.status_code == 422
    for name in ("role", "count", "topics"):
        assert f'id="{name}-error"' in r.text
    assert coach.calls == []


def test_guidance_search_marks_the_organisations_own_passages(client: TestClient,
                                                              coach: StubCoach) -> None:
    r = client.get("/guidance", params={"q": "feedback", "topic": "feedback",
                                        "audience": "manager", "language": ""})
    assert r.status_code == 200
    assert coach.retriever.calls == [("feedback", 6, "feedback", "manager", None)]
    assert r.text.count('class="org-badge"') == 1 and "Organisationens egen" in r.text
    assert "<p>Første afsnit.</p>" in r.text
    assert "<li>Andet &lt;b&gt;afsnit&lt;/b&gt;.</li>" in r.text  # Markdown, raw HTML escaped
    bad = client.get("/guidance", params={"q": "x", "topic": "nope"})
    assert bad.status_code == 422 and 'id="topic-error"' not in bad.text  # shown in the summary


def test_pages_say_when_the_index_is_still_loading(client: TestClient, coach: StubCoach) -> None:
    coach.ready = False
    r = client.post("/goals", data={"goal": "Lære Excel"})
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert client.post("/feedback", data={"text": SENTENCE}).status_code == 200  # needs no index


def _flat(nodes: list[dict[str, Any]]) -> str:
    return "".join(n["text"] if "text" in n else _flat(n["children"]) for n in nodes)


def test_finding_tree_nests_inner_findings_and_drops_crossing_ones() -> None:
    text = "Du er altid så negativ på møderne"
    label = {"start": 0, "end": 22, "category": "label"}
    general = {"start": 6, "end": 11, "category": "generalization"}
    crossing = {"start": 20, "end": 25, "category": "attribution"}
    outside = {"start": 30, "end": 99, "category": "label"}
    nodes = finding_tree(text, [general, label, crossing, outside])
    assert _flat(nodes) == text
    assert [n.get("finding") for n in nodes] == [label, None]
    inner = nodes[0]["children"]
    assert [n.get("text") for n in inner] == ["Du er ", None, " så negativ"]
    assert inner[1]["finding"] is general and inner[1]["n"] == 0


def test_placeholders_are_split_out() -> None:
    assert placeholder_parts("Den [dato] sagde du […].") == [
        ("Den ", False), ("[dato]", True), (" sagde du ", False), ("[…]", True), (".", False)]
