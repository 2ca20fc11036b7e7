"""What is committed: no lockfile names a package registry's host (installs go through the configured one)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Hosts of the public registries: PyPI and its file host, npm, Yarn, and the Python/Node mirrors people use.
REGISTRIES = re.compile(r"""(?x)
    pypi\.org | pythonhosted\.org | pypi\.python\.org
  | registry\.npmjs\.(?:org|com) | registry\.yarnpkg\.com | npmjs\.org | npmmirror\.com | npm\.taobao\.org
  | pypi\.tuna\.tsinghua\.edu\.cn | mirrors\.aliyun\.com | download\.pytorch\.org | anaconda\.org
""", re.I)
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
                if REGISTRIES.search(line) or re.search(r'"resolved"\s*:', line):
                    found.append(f"{path}:{number}: {line.strip()[:120]}")
    assert not found, "lockfiles name a registry (install through the configured one instead):\n" + "\n".join(found)
