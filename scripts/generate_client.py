"""Regenerate the typed Python client `clients/python` from `api/openapi.json`, or check it.

Uses openapi-python-client (pinned in the test extra) offline, on the committed schema, so
the client changes exactly when the schema does. The generator's own formatter hooks are off
(clients/openapi-python-client.yaml): ruff versions format differently, and the committed files
must not depend on the one installed. Its output is only trimmed of trailing spaces and runs
of blank lines, which the templates leave behind.

    python scripts/generate_client.py          # rewrite clients/python
    python scripts/generate_client.py --check  # exit 1 if clients/python is out of date
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "api" / "openapi.json"
CONFIG = ROOT / "clients" / "openapi-python-client.yaml"
CLIENT = ROOT / "clients" / "python"
FIX = "run `python scripts/generate_client.py` and commit clients/python"


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n\n", "\n".join(lines)).strip("\n") + "\n"


def generate(target: Path) -> None:
    """Write the client for the committed schema to `target` (replaced if it exists).

    Raises:
        RuntimeError: the generator failed or warned (e.g. a `$ref` that resolves nowhere).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "python"
        done = subprocess.run(
            [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(SCHEMA),
             "--config", str(CONFIG), "--meta", "setup", "--output-path", str(out),
             "--fail-on-warning"],
            capture_output=True, text=True, cwd=tmp, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"openapi-python-client failed:\n{done.stdout}\n{done.stderr}")
        for path in out.rglob("*"):
            if path.suffix in (".py", ".md", ".toml") and path.is_file():
                path.write_text(_tidy(path.read_text("utf-8")), "utf-8")
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out, target)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path (caches excluded)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def stale_files() -> list[str]:
    """Files of `clients/python` that differ from a fresh generation (empty when in step)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "python"
        generate(fresh)
        new, old = tree(fresh), tree(CLIENT) if CLIENT.exists() else {}
    return sorted(name for name in new.keys() | old.keys() if new.get(name) != old.get(name))


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only check; exit 1 if stale.")
    args = parser.parse_args()
    if args.check:
        stale = stale_files()
        if stale:
            print(f"clients/python is out of date ({FIX}): {', '.join(stale)}", file=sys.stderr)
            return 1
        print("clients/python matches api/openapi.json")
        return 0
    generate(CLIENT)
    print(f"wrote {CLIENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
