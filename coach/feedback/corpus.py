"""What the learned detector is trained on, and the fixed split that keeps a quarter unseen.

The training corpora (evals/corpus/) were written by people who had not seen the rules. A
quarter of them is held out for good: the split is a function of the statement id alone, so
it never changes when a corpus grows and no script can tune on it by accident. The dev set,
the old holdout (both written with the rules) and the augmentation (evals/augment/: wordings
of the failure kinds issue 14 lists, written by the detector's author, so never "blind") are
trained on whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from coach.paths import DATA_DIR

_ROOT = DATA_DIR.parent.parent  # the checkout; the datasets are not part of the wheel
SOURCES = (Path("evals/datasets/feedback.jsonl"), Path("evals/holdout/feedback.jsonl"),
           Path("evals/augment/feedback.jsonl"),
           Path("evals/corpus/train_1.jsonl"), Path("evals/corpus/train_2.jsonl"))


def held_out(statement_id: str) -> bool:
    """True for the quarter of the corpora that is never trained or tuned on."""
    return int(hashlib.sha256(statement_id.encode()).hexdigest(), 16) % 4 == 0


def training_rows(root: Path = _ROOT) -> list[dict[str, Any]]:
    """Every statement trained on, with `corpus` telling blind-written rows apart."""
    rows = []
    for source in SOURCES:
        corpus = source.parent.name == "corpus"
        for line in (root / source).read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if not (corpus and held_out(row["id"])):
                    rows.append({**row, "corpus": corpus})
    return rows


def data_digest(rows: list[dict[str, Any]]) -> str:
    """sha256 over what the model learns from; the weights file records it (tests compare)."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r["id"], r["text"], r["language"], r["findings"]],
                            ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()
