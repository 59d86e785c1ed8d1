"""A Virtuoso open-source server on loopback, loaded with the bundled build, for one session.

The Debian package (``virtuoso-opensource``) installs the server without starting it.
The fixture copies the package's ``virtuoso.ini`` into a temporary folder, points every
database, transaction, log and lock file into that folder, binds both ports to
127.0.0.1 on free ports, starts ``virtuoso-t +foreground``, loads the bundled store's
N-Quads (named graphs kept) with ``ld_dir`` + ``rdf_loader_run()`` through ``isql-vt``,
and stops the server when the session ends.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from graph.namespaces import graph_iri
from graph.stores import OxigraphStore, RemoteStore

# the package's configuration, as installed (/etc) or as shipped (the template the install copies)
SYSTEM_INIS = (Path("/etc/virtuoso-opensource-7/virtuoso.ini"), Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"))
SERVER = "virtuoso-t"
ISQL = "isql-vt"
READY_TIMEOUT = 120.0
DUMP = "dataset.nq"


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its folder, SQL port and SPARQL endpoint URL."""

    folder: Path
    sql_port: int
    sparql_url: str

    def isql(self, statements: str, timeout: float = 600.0) -> str:
        """Run SQL statements as dba through ``isql-vt``; raise on any error."""
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise RuntimeError(f"isql-vt failed ({done.returncode}): {output[-2000:]}")
        return done.stdout


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_ini(source: Path, folder: Path, sql_port: int, http_port: int) -> Path:
    """Copy ``source`` into ``folder``, with every file in ``folder`` and loopback ports."""
    settings = {
        "Database": {
            "DatabaseFile": folder / "virtuoso.db",
            "ErrorLogFile": folder / "virtuoso.log",
            "LockFile": folder / "virtuoso.lck",
            "TransactionFile": folder / "virtuoso.trx",
            "xa_persistent_file": folder / "virtuoso.pxa",
        },
        "TempDatabase": {
            "DatabaseFile": folder / "virtuoso-temp.db",
            "TransactionFile": folder / "virtuoso-temp.trx",
        },
        "Parameters": {
            "ServerPort": f"127.0.0.1:{sql_port}",
            "DirsAllowed": f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
            "NumberOfBuffers": "170000",
            "MaxDirtyBuffers": "130000",
        },
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        # the analysis reads whole frames: lift the default cap of 10,000 rows
        "SPARQL": {"ResultSetMaxRows": "10000000", "MaxQueryExecutionTime": "600"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
    }
    lines: list[str] = []
    section = ""
    pending: dict[str, object] = {}

    def flush() -> None:
        lines.extend(f"{key} = {value}" for key, value in pending.items())
        pending.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[(.+)\]\s*$", line)
        if header:
            flush()
            section = header.group(1)
            if section == "Plugins":  # the wiki plugins are not needed for SPARQL
                section = "-skip-"
                continue
            pending = dict(settings.get(section, {}))
            lines.append(line)
            continue
        if section == "-skip-":
            continue
        key = re.match(r"^\s*([A-Za-z_]+)\s*=", line)
        if key and key.group(1) in settings.get(section, {}):
            if key.group(1) in pending:
                lines.append(f"{key.group(1)} = {pending.pop(key.group(1))}")
            continue
        lines.append(line)
    flush()
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


def wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until the SPARQL endpoint answers, or fail with the server's log."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited ({process.returncode}): {_tail(log)}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Virtuoso not ready after {READY_TIMEOUT:.0f} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


def load_nquads(server: Virtuoso, dump: Path) -> None:
    """Bulk-load an N-Quads file; each quad goes into its own named graph."""
    fallback = graph_iri("unnamed")  # receives triples without a graph; the dump has none
    server.isql(f"ld_dir('{dump.parent}', '{dump.name}', '{fallback}'); rdf_loader_run(); checkpoint;")
    errors = server.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    if "0 Rows" not in errors:
        raise RuntimeError(f"Virtuoso bulk load reported errors: {errors}")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, bundled_store: OxigraphStore) -> Iterator[Virtuoso]:
    """A Virtuoso server on loopback holding every quad of the bundled store."""
    system_ini = next((p for p in SYSTEM_INIS if p.is_file()), None)
    if shutil.which(SERVER) is None or shutil.which(ISQL) is None or system_ini is None:
        raise RuntimeError("Virtuoso is not installed. Fix: apt-get install -y virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = write_ini(system_ini, folder, sql_port, http_port)
    server = Virtuoso(folder, sql_port, f"http://127.0.0.1:{http_port}/sparql")
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen(
        [SERVER, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_ready(server.sparql_url, process, folder / "virtuoso.log")
        dump = folder / DUMP
        bundled_store.store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        load_nquads(server, dump)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def virtuoso_store(virtuoso: Virtuoso) -> Iterator[RemoteStore]:
    """The project's RemoteStore reading the Virtuoso server's /sparql."""
    store = RemoteStore(virtuoso.sparql_url)
    yield store
    store.close()
