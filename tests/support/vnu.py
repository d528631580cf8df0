"""The W3C Nu HTML Checker (vnu.jar, from the npm package vnu-jar) run over a built site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests.support.paths import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMEOUT = 600  # seconds; the shipped site (239 pages) takes about 5


class VnuUnavailable(RuntimeError):
    """Java or vnu.jar is missing, or vnu could not run."""


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise VnuUnavailable("java is not on PATH: install a JRE 17+ (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        raise VnuUnavailable(f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci` (package.json has vnu-jar)")
    return java


def _where(url: str, folder: Path) -> str:
    path = Path(unquote(urlparse(url).path))
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return url


def check_html(folder: Path) -> list[str]:
    """Check every *.html under folder in one vnu run; return its errors as "path.html:LINE: message"."""
    java = _java()
    folder = folder.resolve()
    pages = sorted(page.relative_to(folder).as_posix() for page in folder.rglob("*.html"))
    if not pages:
        raise ValueError(f"no *.html files under {folder}")
    # Java cannot name a non-ASCII path under a non-UTF-8 locale (LC_ALL=C) and vnu then
    # silently skips the file, so the locale is UTF-8 whatever the caller's is.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", "--exit-zero-always"]
    done = subprocess.run(
        [*command, *pages], cwd=folder, env=env, capture_output=True, encoding="utf-8", timeout=TIMEOUT
    )
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise VnuUnavailable(
            f"vnu failed (exit {done.returncode}): {done.stderr.strip() or done.stdout[:500]}"
        ) from error
    if done.returncode != 0:
        raise VnuUnavailable(f"vnu failed (exit {done.returncode}): {done.stderr.strip()}")
    errors = []
    for message in messages:
        if message.get("type") == "info":  # warnings and notes; --errors-only leaves none
            continue
        where = _where(message.get("url", "?"), folder)
        line = message.get("firstLine", message.get("lastLine"))
        text = " ".join(message.get("message", "").split())
        errors.append(f"{where}:{line}: {text}" if line else f"{where}: {text}")
    return errors
