"""Back up and restore the database (`manage.py backup`, `manage.py restore`).

PostgreSQL: `pg_dump --format=custom` (schema, rows, the history's append-only triggers, in one
consistent snapshot), restored by `pg_restore --clean --single-transaction`: all or nothing. The
password reaches the tools through PGPASSWORD, never on their command line. SQLite (`make run`):
SQLite's own online backup, file to file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, and their environment: Django's own
    reading of the settings (psql's), so the password, SSL mode, certificates, passfile and
    service are the application's, and the password travels in the environment only."""
    connection = connections[alias]
    args, extra = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    # psql's arguments without the program, and without the database name, which ends them.
    options = args[1:]
    if options and options[-1] == connection.settings_dict.get("NAME"):
        options = options[:-1]
    return options, {**os.environ, **(extra or {})}


def create_private(target: Path) -> None:
    """Create `target`, readable and writable by its owner only (a backup holds sessions and
    password hashes), refusing a file that exists: an earlier backup is never overwritten."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise BackupError(f"{target} exists already: name another file.") from None
    except OSError as exc:
        raise BackupError(f"Cannot write {target}: {exc.strerror}.") from None


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(target: Path, alias: str = "default") -> Path:
    """Write the whole database to `target`, a new file only its owner reads; returns it. If
    anything fails, no partial file is left."""
    create_private(target)
    try:
        _write(target, alias)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _write(target: Path, alias: str) -> None:
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        _sqlite_copy(Path(connections[alias].settings_dict["NAME"]), target)
        return
    if vendor != "postgresql":
        raise BackupError(f"Backing up a {vendor} database is not supported.")
    options, env = _pg_arguments(alias)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
    _run([*command, *options, connections[alias].settings_dict["NAME"]], env)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup, file to file; a file that is no SQLite database is refused."""
    try:
        with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
            origin.backup(copy)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} cannot be read as a SQLite database: {exc}.") from None


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's tables by those of the backup `source`, in one transaction: if any
    part fails, the database is left as it was. Restore a backup of the same release (or into an
    empty database, then `manage.py deploy`): tables a later migration made are not dropped."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    connections[alias].close()
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        _sqlite_copy(source, Path(connections[alias].settings_dict["NAME"]))
        return
    if vendor != "postgresql":
        raise BackupError(f"Restoring a {vendor} database is not supported.")
    options, env = _pg_arguments(alias)
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error"]
    _run(
        [*command, *options, "--dbname", connections[alias].settings_dict["NAME"], str(source)], env
    )
