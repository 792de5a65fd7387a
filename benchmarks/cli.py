"""CLI start-up benchmark: wall time of `mus-coach --help` and of an offline analysis.

    .venv/bin/python benchmarks/cli.py [--repeat 5]

Each command runs in a fresh process, as a user types it (Python start, imports, the work,
exit). Budgets from issue 13: `--help` under 1 s, `feedback "…" --analyze-only` under 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "mus-coach --help": ["--help"],
    'mus-coach feedback "Du er doven" --analyze-only': ["feedback", "Du er doven",
                                                          "--analyze-only"],
    'mus-coach feedback "You never listen" --analyze-only --json': [
        "feedback", "You never listen", "--analyze-only", "--json"],
}
BUDGETS = {"mus-coach --help": 1.0}


def executable() -> list[str]:
    """The console script next to this interpreter (the project's venv), else `python -m`."""
    script = Path(sys.executable).with_name("mus-coach")
    if script.exists():
        return [str(script)]
    found = shutil.which("mus-coach")
    return [found] if found else [sys.executable, "-m", "cli.app"]


def wall(argv: list[str]) -> float:
    """Seconds one run takes, start to exit."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Run each command `--repeat` times and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs per command.")
    args = parser.parse_args()
    base = executable()
    wall([*base, "--help"])  # warm the OS file cache, as a second run by a user would be
    print("| command | median s | max s | budget s |")
    print("|---|---|---|---|")
    for label, argv in COMMANDS.items():
        times = [wall([*base, *argv]) for _ in range(args.repeat)]
        budget = BUDGETS.get(label, 2.0)
        print(f"| `{label}` | {statistics.median(times):.2f} | {max(times):.2f} | {budget:.1f} |")


if __name__ == "__main__":
    main()
