"""A throw-away PostgreSQL server for the tests: initdb into a temporary folder, pg_ctl start
on a free port with its unix socket in that folder, stop and delete at the end.

PostgreSQL refuses to run as root, and CI runs as root: then the folder is given to an
unprivileged user (`nobody`) and the server binaries run as that user through `runuser`.
`start()` raises `Unavailable` (with the reason) when no server can be started; the fixtures
turn that into a skip that names the reason, never into a silent pass.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")


class Unavailable(Exception):
    """No PostgreSQL server can be started here (the message says why)."""


def _bin_dir() -> Path:
    given = os.environ.get("SIAPNILAI_TEST_PG_BIN")  # where initdb and pg_ctl are, if unusual
    if given is not None:
        if not (Path(given) / "initdb").exists():
            raise Unavailable(f"no initdb in SIAPNILAI_TEST_PG_BIN={given}")
        return Path(given)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for pattern in SEARCH:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if (Path(candidate) / "initdb").exists():
                return Path(candidate)
    raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    folder: Path
    port: int
    bin_dir: Path
    as_user: str | None

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@/postgres?host={self.folder}&port={self.port}"

    def dsn_for(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={self.folder}&port={self.port}"

    def _cmd(self, *args: str) -> list[str]:
        if self.as_user is None:
            return list(args)
        return ["runuser", "-u", self.as_user, "--", *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._cmd(*args), capture_output=True, text=True, timeout=timeout, check=False
        )

    def create_database(self, name: str) -> str:
        """A fresh empty database `name` (dropped first if it exists); its DSN."""
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn_for(name)

    def stop(self) -> None:
        self.run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-m",
            "immediate",
            "stop",
            timeout=30,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """Start a throw-away server (raises Unavailable with the reason if it cannot)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install -e '.[test]')") from None
    bin_dir = _bin_dir()
    as_user: str | None = None
    folder = Path(tempfile.mkdtemp(prefix="siapnilai-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root and runuser is missing (initdb refuses root)")
        as_user = "nobody"
        try:
            entry = pwd.getpwnam(as_user)
        except KeyError:
            raise Unavailable("running as root and there is no user 'nobody'") from None
        os.chmod(folder, 0o755)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = Server(folder, _free_port(), bin_dir, as_user)
    data = folder / "data"
    init = server.run(
        str(bin_dir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--locale=C",
        "-E",
        "UTF8",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(f"initdb failed: {init.stderr.strip()[-300:]}")
    options = (
        f"-p {server.port} -k {folder} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    started = server.run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "-t",
        "30",
        "start",
    )
    if started.returncode != 0:
        logfile = folder / "log"
        log = logfile.read_text(errors="replace")[-300:] if logfile.exists() else ""
        server.stop()
        raise Unavailable(f"pg_ctl start failed: {started.stderr.strip()[-200:]} {log}")
    return server
