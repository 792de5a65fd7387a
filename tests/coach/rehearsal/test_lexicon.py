"""The rehearsal's data files: checked when they load, with the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach.errors import DataFileError
from coach.rehearsal.lexicon import RULES_FILE, Phrase, find, load_rules, messages
from coach.rehearsal.types import PERSONAS
from coach.tokens import tokenize


def _copy(tmp_path: Path, edit: object) -> Path:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_misspelt_key_names_the_file_the_key_and_the_right_one(tmp_path: Path) -> None:
    def misspell(data: dict) -> None:
        data["da"]["acknowledgments"] = data["da"].pop("acknowledgements")

    with pytest.raises(DataFileError, match=r"da\.acknowledgments.*did you mean "
                                            r"'acknowledgements'"):
        load_rules(_copy(tmp_path, misspell))


def test_a_question_kind_without_answers_is_refused(tmp_path: Path) -> None:
    def add_kind(data: dict) -> None:
        data["en"]["questions"].append({"kind": "salary", "cues": ["salary", "pay"]})

    with pytest.raises(DataFileError, match=r"en\.questions\.\d+\.kind.*core\.answer\.salary"):
        load_rules(_copy(tmp_path, add_kind))


def test_every_persona_has_a_reply_for_every_reaction_and_finding() -> None:
    bank = messages()
    banks = ["judging.label", "judging.generalization", "judging.attribution", "engaged",
             "softened", "agreeing", "pleased", "unsure", "answer.open"]
    for name in banks:
        for persona in PERSONAS:
            assert bank.keys(f"core.{name}.{persona}.") or bank.keys(f"core.{name}.any."), (
                name, persona)
    for key in bank.keys("core.judging."):
        assert "{quote}" in bank.template(key, "da"), key


def test_phrases_match_forms_lemmas_prefixes_and_gaps() -> None:
    tokens = tokenize("Det kan jeg godt forstå, du har helt ret.", "da")
    assert find(tokens, [Phrase.parse("du har ... ret")])
    assert find(tokens, [Phrase.parse("=forstå")])
    assert not find(tokenize("Jeg forstod det ikke.", "da"), [Phrase.parse("=forstå")])
    assert find(tokenize("Jeg forstod det ikke.", "da"), [Phrase.parse("forstå")])
    assert find(tokenize("I was impressed.", "en"), [Phrase.parse("impress*")])
    assert find(tokenize("You're right.", "en"), [Phrase.parse("you are right")])
