"""The command line, through click's runner: reports, exit codes, no tracebacks."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.paths import SHIPPED_DUMPS, fixture_dump


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_reports_entries_and_papers_of_the_shipped_dumps():
    result = run("check", *map(str, SHIPPED_DUMPS))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "000_b2cc180fb1c7b8be.txt       35      35" in lines
    assert "total                         253     185" in lines
    assert "duplicates merged: 68" in lines
    assert "warnings: 0, errors: 0" in lines
    assert "002_fa1ed8a0a60e9500.txt: capture year 2025 (taken from the other dumps)" in result.stderr
    inferred = "000_b2cc180fb1c7b8be.txt, 001_362143f5ae7ea62c.txt, 003_e7636ff4bccc6702.txt and 1 more"
    assert f"4 dumps: capture year 2025 (inferred from the dates in it): {inferred}" in result.stderr


def test_check_exits_1_on_errors_and_names_file_and_line():
    result = run("check", str(fixture_dump("not_utf8.txt")), str(fixture_dump("cut_off_entry.txt")))
    assert result.exit_code == 1
    assert "not_utf8.txt:13: error: not UTF-8 text (byte 0xe9)" in result.stdout
    assert "cut_off_entry.txt:29: warning: entry cut off at the end of the file: no abstract" in result.stdout


def test_build_fails_with_one_line_per_problem_and_no_traceback(project):
    bad = [str(fixture_dump(n)) for n in ("binary.txt", "empty.txt", "full_metadata.txt")]
    result = run("build", *bad)
    assert result.exit_code == 1
    assert "binary.txt: error: binary file, not a text dump" in result.stderr
    assert "empty.txt: error: empty file: no dump to read" in result.stderr
    assert "Traceback" not in result.output
    assert not (project / "output").exists()


@pytest.mark.slow
def test_build_skip_bad_builds_the_rest_and_lists_what_it_skipped(project):
    bad = [str(fixture_dump(n)) for n in ("binary.txt", "full_metadata.txt", "cut_off_entry.txt")]
    result = run("build", "--skip-bad", "--year", "2025", *bad)
    assert result.exit_code == 0, result.output
    assert "skipped binary.txt" in result.stderr
    assert "cut_off_entry.txt:29: warning" in result.stderr
    assert "built 3 papers" in result.stdout
    assert len(list((project / "output" / "papers").glob("*.html"))) == 3


@pytest.mark.slow
def test_build_writes_the_site_to_the_chosen_folder(project):
    result = run("build", "-o", "site")
    assert result.exit_code == 0, result.output
    assert "built 185 papers" in result.stdout
    assert (project / "site" / "index.html").exists()


def test_bad_settings_are_one_line_errors(project):
    (project / "digest.toml").write_text("[build]\nper_pages = 3\n")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: digest.toml: unknown key 'build.per_pages' (known: cache, content, dumps, home_papers, output, "
        "per_page, theme, top_papers, workers)"
    )


def test_bad_site_url_and_missing_dump(project):
    assert "is not an http(s) URL" in run("build", "--site-url", "example.com").stderr
    assert "no such dump: nope.txt" in run("check", "nope.txt").stderr


@pytest.mark.parametrize("command", [[], ["check"], ["build"], ["serve"]])
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_non_ascii_problems_on_an_ascii_terminal_are_no_traceback(tmp_path):
    import subprocess
    import sys

    env = {"PATH": os.environ["PATH"], "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "check",
            str(fixture_dump("bad_metadata.txt")),
            str(fixture_dump("empty.txt")),
        ],
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"empty.txt: error: empty file" in done.stdout
    assert "unreadable authors line '\u2022 many authors'".encode() in done.stdout


def test_an_output_folder_that_cannot_be_written_is_a_one_line_error(project):
    (project / "blocked").write_text("a file where the output's parent folder should be")
    result = run("build", "-o", "blocked/site")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == "Error: blocked/.site.building: Not a directory"


def test_400_dumps_print_one_line_about_capture_years(tmp_path):
    text = "Daily Papers\n\nDec 12\n\nA title {n}\n\nAn abstract.\n\n·\n\nJul 1, 2024 3\n"
    for n in range(400):
        (tmp_path / f"d{n:03d}.txt").write_text(text.format(n=n), encoding="utf-8")
    result = run("check", *sorted(str(p) for p in tmp_path.glob("*.txt")))
    years = [line for line in result.stderr.splitlines() if "capture year" in line]
    assert years == [
        "400 dumps: capture year 2025 (inferred from the dates in it): d000.txt, d001.txt, d002.txt and 397 more"
    ]


@pytest.mark.slow
def test_ctrl_c_while_a_finished_build_reports_says_the_site_is_whole(project, monkeypatch):
    def interrupted(summary):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.cli._echo_years", interrupted)
    result = run("build", *map(str, SHIPPED_DUMPS[:1]))
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == "interrupted: output/ holds the last complete site"
    assert (project / "output" / "index.html").is_file()
