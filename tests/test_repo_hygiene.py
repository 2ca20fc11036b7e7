"""What is committed: no lockfile names a package registry's host (installs go through the configured one)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A lockfile pins names and versions only. Where it would say where a package comes from (npm's
# "resolved"/"tarball" entries, a download URL or an index option in a pip lock) it names a registry's
# host, so none of those may appear. (A package's funding link in npm's lock is not a download address.)
ADDRESS = re.compile(r"""^\s*"(?:resolved|tarball)"\s*:|^\s*--(?:extra-)?index-url|^\s*--find-links|^[^"#]*://""",
                     re.I)
LOCKFILES = re.compile(r"(^|/)(requirements[^/]*\.(lock|txt)|[^/]*\.lock|package-lock\.json|npm-shrinkwrap\.json"
                       r"|pnpm-lock\.yaml|yarn\.lock|Pipfile\.lock|pylock[^/]*\.toml)$")


def tracked() -> list[str]:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [path for path in done.stdout.split("\0") if path]


def test_the_lockfiles_are_found() -> None:
    locks = [path for path in tracked() if LOCKFILES.search(path)]
    assert "requirements.lock" in locks
    assert "tests/mermaid/package-lock.json" in locks


def test_no_lockfile_names_a_registry_host() -> None:
    found = []
    for path in tracked():
        if LOCKFILES.search(path):
            for number, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1):
                if ADDRESS.search(line):
                    found.append(f"{path}:{number}: {line.strip()[:120]}")
    assert not found, "lockfiles name a registry (install through the configured one instead):\n" + "\n".join(found)
