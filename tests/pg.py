"""A throwaway PostgreSQL server for the tests: a cluster in a temporary folder, on loopback and a port
of its own, started once per test process and removed at its end. ``MOT_TEST_PG`` (a
``postgresql://`` URL of a database the tests may create schemas in) uses a server that is already
there instead.

Each test gets a schema of its own on that server (:func:`fresh_url`): the store's tables, triggers and
functions live in the schema its URL puts first on the search path, so tests never see each other's
journeys and no database has to be created per test.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg

ENV = "MOT_TEST_PG"


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        return Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
    raise RuntimeError("PostgreSQL's server is not installed: `./dev test` installs Debian's postgresql "
                       f"(apt-get install postgresql), or set {ENV} to a server's URL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(args: list[str]) -> list[str]:
    # The server refuses to run as root: as root, it runs as the postgres user.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    """A server of the tests' own: a cluster in a temporary folder, which a test may stop and start."""

    def __init__(self, *, durable: bool = False):
        self.bindir = _bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="mot-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.data, self.port = self.folder / "data", _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/mot"
        self._options = f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:  # the tests kill clients, never the server: its own crash safety is not under test
            self._options += " -c fsync=off"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as db:
            db.execute("CREATE DATABASE mot")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(_as_server_user([str(self.bindir / program), *args]), check=True, capture_output=True)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start", "-o", self._options)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def server() -> Iterator[str]:
    """The URL of a database on a PostgreSQL server for the tests: ``MOT_TEST_PG``, else a new one."""
    given = os.environ.get(ENV)
    if given:
        yield given
        return
    cluster = Cluster()
    try:
        yield cluster.url
    finally:
        cluster.remove()


def fresh_url(base: str) -> str:
    """A URL on the same database whose search path starts with a new, empty schema."""
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as db:
        db.execute(f'CREATE SCHEMA "{schema}"')  # a name made here of hex digits, not user text
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
