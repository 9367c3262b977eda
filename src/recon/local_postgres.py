"""A throw-away PostgreSQL cluster on 127.0.0.1, for the tests and the benchmark.

`throwaway_cluster()` runs initdb and pg_ctl in a temporary folder (as the `postgres` user
when run as root: PostgreSQL refuses to run as root), creates the database `recon` owned by
the user `recon` (trust authentication: it listens on 127.0.0.1 and on a socket in its own
temporary folder only), yields the RECON_PG_* variables the
dbt profile and the scripts read, and stops and deletes the cluster afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2


def available() -> bool:
    """Return True when initdb and pg_ctl are on PATH."""
    return shutil.which("initdb") is not None and shutil.which("pg_ctl") is not None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def libpq_dsn(settings: dict[str, str]) -> str:
    """Return the libpq connection string of RECON_PG_* `settings`."""
    return (
        f"host={settings['RECON_PG_HOST']} port={settings['RECON_PG_PORT']} "
        f"user={settings['RECON_PG_USER']} dbname={settings['RECON_PG_DBNAME']}"
    )


@contextmanager
def throwaway_cluster() -> Iterator[dict[str, str]]:
    """Start a cluster, yield its RECON_PG_* variables, then stop and remove it.

    The folder is removed and the server stopped also when starting fails half-way.
    """
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir = Path(tempfile.mkdtemp(prefix="recon-pg-"))
    if as_user:
        shutil.chown(workdir, "postgres")
    data, port = workdir / "data", free_port()
    try:
        subprocess.run(
            [*as_user, "initdb", "-D", str(data), "-A", "trust", "-U", "recon", "-E", "UTF8"]
            + ["--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*as_user, "pg_ctl", "-D", str(data), "-l", str(workdir / "server.log"), "-w", "-o"]
            + [f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1", "start"],
            check=True,
            capture_output=True,
        )
        admin = psycopg2.connect(host="127.0.0.1", port=port, user="recon", dbname="postgres")
        admin.autocommit = True
        admin.cursor().execute("create database recon")
        admin.close()
        yield {
            "RECON_PG_HOST": "127.0.0.1",
            "RECON_PG_PORT": str(port),
            "RECON_PG_USER": "recon",
            "RECON_PG_DBNAME": "recon",
            "RECON_PG_SCHEMA": "recon",
        }
    finally:
        subprocess.run(
            [*as_user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)
