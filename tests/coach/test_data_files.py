"""Data files are checked when they load: a mistake names the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from api.app import create_app
from coach.datafile import Strict, Words, load
from coach.errors import DataFileError
from coach.feedback.lexicon import DATA_FILE, load_lexicon
from coach.settings import get_settings


def _lexicon_copy(tmp_path: Path, edit: object) -> Path:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_misspelt_key_is_an_error_that_suggests_the_right_one(tmp_path: Path) -> None:
    def misspell(data: dict) -> None:
        data["da"]["labels"]["predicats"] = data["da"]["labels"].pop("predicates")

    with pytest.raises(DataFileError) as err:
        load_lexicon(_lexicon_copy(tmp_path, misspell))
    message = str(err.value)
    assert "lexicon.yaml" in message and "da.labels.predicats" in message
    assert "did you mean 'predicates'" in message


def test_a_bare_no_in_a_word_list_must_be_quoted(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("words: [not, no, never]\n", encoding="utf-8")

    class File(Strict):
        words: Words

    with pytest.raises(DataFileError, match=r"words\.1: .*quotes"):
        load(path, File)


def test_a_broken_hr_lexicon_stops_the_service_at_start_up(tmp_path: Path) -> None:
    def break_it(data: dict) -> None:
        data["en"]["negations"] = "not, never"  # a string where a list belongs

    settings = get_settings(data_dir=tmp_path / "data",
                            feedback_lexicon=_lexicon_copy(tmp_path, break_it))
    with pytest.raises(DataFileError, match=r"en\.negations"):
        create_app(settings)


def test_the_shipped_data_files_load(tmp_path: Path) -> None:
    from coach.service import check_data_files

    check_data_files(get_settings(data_dir=tmp_path / "data"))
