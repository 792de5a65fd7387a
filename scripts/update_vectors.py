"""Regenerate `knowledge/vectors.npz`, the precomputed passage vectors of the built-in knowledge.

Run it after editing passages under `coach/data/knowledge/passages/` (a stale file is not an
error: texts it lacks are embedded at start-up, which only costs time;
`tests/coach/knowledge/test_vectors.py` flags it):

    .venv/bin/python scripts/update_vectors.py

The texts come from `coach.knowledge.index.records`, the same code the index build embeds, so the
keys match exactly. Every text is embedded afresh (the old file is not read).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.knowledge.embeddings import VECTORS_FILE, load_embedding_function, write_vector_file  # noqa: E402
from coach.knowledge.index import records  # noqa: E402
from coach.knowledge.passages import load_builtin_passages  # noqa: E402
from coach.paths import KNOWLEDGE_DIR  # noqa: E402

_BATCH = 32


def builtin_texts(knowledge_dir: Path = KNOWLEDGE_DIR) -> list[str]:
    """Every distinct text the index build embeds for the built-in passages, in build order."""
    return list(dict.fromkeys(r.text for r in records(load_builtin_passages(knowledge_dir))))


def main() -> int:
    """Embed the built-in texts and write the vector file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=VECTORS_FILE, help="default: %(default)s")
    args = parser.parse_args()
    texts = builtin_texts()
    ef = load_embedding_function()
    started = time.perf_counter()
    parts = [ef.encode_fresh(texts[i:i + _BATCH]) for i in range(0, len(texts), _BATCH)]
    write_vector_file(args.out, texts, np.concatenate(parts))
    print(f"wrote {len(texts)} vectors to {args.out} ({args.out.stat().st_size // 1024} KB) "
          f"in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
