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
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def _database(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _pg_arguments(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, and their environment."""
    options = []
    if settings_dict.get("HOST"):
        options += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        options += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        options += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return options, env


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
    """Write the whole database to `target`; returns it."""
    settings_dict = _database(alias)
    if _vendor(alias) == "sqlite":
        with sqlite3.connect(settings_dict["NAME"]) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    if _vendor(alias) != "postgresql":
        raise BackupError(f"Backing up a {_vendor(alias)} database is not supported.")
    options, env = _pg_arguments(settings_dict)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
    _run([*command, *options, "--dbname", settings_dict["NAME"]], env)
    return target


def restore(source: Path, alias: str = "default") -> None:
    """Replace the whole database by the backup `source`, in one transaction: if any part fails,
    the database is left as it was."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    settings_dict = _database(alias)
    connections[alias].close()
    if _vendor(alias) == "sqlite":
        with sqlite3.connect(source) as backup_file, sqlite3.connect(settings_dict["NAME"]) as db:
            backup_file.backup(db)
        return
    if _vendor(alias) != "postgresql":
        raise BackupError(f"Restoring a {_vendor(alias)} database is not supported.")
    options, env = _pg_arguments(settings_dict)
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error"]
    _run([*command, *options, "--dbname", settings_dict["NAME"], str(source)], env)
