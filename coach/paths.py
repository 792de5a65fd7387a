"""Where the coach's own data lives: one directory inside the package, so an installed wheel
serves exactly what a checkout does."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KNOWLEDGE_DIR = DATA_DIR / "knowledge"  # built-in guidance and the question bank
PROMPTS_DIR = DATA_DIR / "prompts"  # the LLM prompt templates
