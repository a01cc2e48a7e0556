"""Before ``make start`` does anything: is the port free, is the database free?

Each problem is one line that says what to do; no traceback.
"""

from pathlib import Path

import errno
import socket
import zc.lockfile


def port_problem(host: str, port: int, what: str = "The server") -> str | None:
    """A message when something listens on ``host``:``port`` already."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As waitress binds: TIME_WAIT from a server just stopped is no problem.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                return f"{what} cannot listen on {host}:{port}: {error.strerror}."
            return (
                f"{what}'s port {port} on {host} is already in use (another "
                f"`make start`?). Stop that one, or choose another port "
                f"(make start PORT=..., MAIL_PORT=... for the mail catcher)."
            )
    return None


def database_problem(var: Path) -> str | None:
    """A message when another process holds the database in ``var``."""
    lock_path = Path(var) / "filestorage" / "Data.fs.lock"
    if not lock_path.parent.is_dir():
        return None
    try:
        lock = zc.lockfile.SimpleLockFile(str(lock_path))
    except zc.lockfile.LockError:
        pid = holder_pid(lock_path)
        who = f"process {pid}" if pid else "another process"
        stop = f" (Ctrl-C in its terminal, or kill {pid})" if pid else ""
        return (
            f"The database in {lock_path.parent} is in use by {who}: another "
            f"`make start` or console on the same data? Stop it first{stop}."
        )
    lock.close()
    return None


def holder_pid(lock_path: Path) -> int | None:
    """The pid that ZODB wrote into its lock file (zc.lockfile: " <pid>")."""
    try:
        text = lock_path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def problems(host: str, port: int | None, var: Path, mail_port: int) -> list[str]:
    """What stands in the way, one line each; the database first (it says more).
    ``port`` None: no server to start; port 0 for the catcher: any free port."""
    database = database_problem(var)
    if database:
        return [database]
    found = [port_problem(host, port)] if port is not None else []
    if mail_port:
        found.append(port_problem("127.0.0.1", mail_port, "The mail catcher"))
    return [problem for problem in found if problem]
