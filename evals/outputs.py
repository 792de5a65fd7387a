"""Write a run's report in every format: JSON, Markdown summary, single-file HTML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from evals.compare import Comparison, Violation
from evals.html import render_html
from evals.model import RunReport
from evals.report import markdown, report_json


def write_outputs(report: RunReport, out: Path, comparison: Comparison | None = None,
                  violations: Sequence[Violation] | None = None) -> dict[str, Path]:
    """Write the three report formats (plus `comparison.json` when compared) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "markdown": out / "summary.md",
             "html": out / "report.html"}
    paths["json"].write_text(report_json(report), encoding="utf-8")
    paths["markdown"].write_text(markdown(report, comparison, violations), encoding="utf-8")
    paths["html"].write_text(render_html(report, comparison, violations), encoding="utf-8")
    if comparison is not None:
        paths["comparison"] = out / "comparison.json"
        data = {"comparison": comparison.model_dump(mode="json"),
                "violations": [v.model_dump(mode="json") for v in violations or []]}
        paths["comparison"].write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return paths
