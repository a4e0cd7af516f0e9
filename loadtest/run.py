"""`make loadtest`: Gouvernail under people browsing it, as production runs it.

1. A fresh PostgreSQL database (LOADTEST_DATABASE_URL, by default gouvernail_loadtest on the
   server DATABASE_URL names, or on 127.0.0.1) is migrated and given the enterprise demo
   organisation; static files are collected.
2. Gunicorn starts with the production settings and config/gunicorn.py (WEB_CONCURRENCY and
   WEB_THREADS change its processes and threads), the cache and broker on LOADTEST_REDIS_URL.
3. The demo personas are signed in (a session each, as after their login) and every page they
   will open is checked once: each must answer 200.
4. Locust, headless: --users people (50), arriving five a second, for --duration seconds (60),
   each waiting 1-5 s between pages; p50, p95, p99 and errors are printed per kind of page.
5. Saturation: for each kind of page, --users connections asking without a pause for
   --saturation seconds (20): the requests per second the server then answers.

Locust runs on the same machine as the server and takes some of its CPU: the figures are for
both together.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from config import gunicorn as gunicorn_settings

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "loadtest-only-pass"
# Who browses, how many of the simulated people each persona is, in this order round the list.
PERSONAS = (
    ("lead@demo.gouvernail.test", 4),
    ("member@demo.gouvernail.test", 3),
    ("owner@demo.gouvernail.test", 2),
    ("auditor@demo.gouvernail.test", 1),
)
SAMPLE = 30  # channel and person pages of each kind a persona may open
ARRIVING = 5  # people who start browsing each second (all 50 at once is no office's morning)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of browsing")
    parser.add_argument("--saturation", type=int, default=20, help="seconds per kind of page")
    parser.add_argument(
        "--size", default="enterprise", help="the demo organisation's size (seed_demo --size)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gouvernail-loadtest-"))
    env = _server_env()
    _build(env, args.size)
    plan = _plan(env, work)
    port = _free_port()
    log = work / "gunicorn.log"
    server = _start_gunicorn(env, port, log)
    try:
        _check(port, plan)
        host = f"http://127.0.0.1:{port}"
        print(
            f"\n{args.users} people for {args.duration} s, 1-5 s between pages "
            f"(gunicorn: {_gunicorn_shape(env)}):"
        )
        _browse(host, work, args.users, args.duration)
        _saturate(host, work, plan, args.users, args.saturation)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nGunicorn's log and Locust's CSV files: {work}")


def _build(env: dict[str, str], size: str) -> None:
    """A fresh database, migrated, with the demo organisation at `size`; static files collected."""
    print(f"Database {_safe(env['DATABASE_URL'])}: migrating and building the {size} organisation")
    _fresh_database(env["DATABASE_URL"])
    seeding = {
        **env,
        "REDIS_URL": "",  # the demo's notices are sent at once, to no one
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    _manage(seeding, "migrate", "--noinput", "-v", "0")
    _manage(seeding, "seed_demo", "--size", size, "--password", PASSWORD)
    _manage(seeding, "collectstatic", "--noinput", "-v", "0")


def _browse(host: str, work: Path, users: int, seconds: int) -> None:
    """People browsing as people do: the table of each kind of page."""
    rows = _locust(host, work, "browse", users, seconds, {}, arriving=ARRIVING)
    print(f"{'page':<16}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for row in rows:
        print(
            f"{row['Name']:<16}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )


def _saturate(host: str, work: Path, plan: dict, users: int, seconds: int) -> None:
    """Each kind of page alone, asked for without a pause: the requests a second it answers."""
    print(f"\nSaturation: {users} connections, no pause, {seconds} s per page:")
    print(f"{'page':<16}{'req/s':>8}{'errors':>8}{'p50 ms':>8}{'p99 ms':>8}")
    for kind in sorted({k for session in plan["sessions"] for k in session["pages"]}):
        pause = {"LOADTEST_PAGE": kind, "LOADTEST_WAIT_MIN": "0", "LOADTEST_WAIT_MAX": "0"}
        rows = _locust(host, work, f"saturate-{kind}", users, seconds, pause, arriving=users)
        [total] = [row for row in rows if row["Name"] == "Aggregated"]
        print(
            f"{kind:<16}{float(total['Requests/s']):>8.1f}{total['Failure Count']:>8}"
            f"{total['50%']:>8}{total['99%']:>8}"
        )


def _server_env() -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": os.environ.get("LOADTEST_DATABASE_URL") or _database_url(),
        "REDIS_URL": os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
        # The database is made afresh: so is the cache (no count kept from an earlier run's).
        "CACHE_KEY_PREFIX": f"loadtest-{secrets.token_hex(4)}",
        # Plain HTTP on the loopback: no TLS proxy in front of it here.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        # The personas are signed in by session (step 3), as after their second factor.
        "MFA_REQUIRED": "false",
        **{k: v for k, v in os.environ.items() if k in ("WEB_CONCURRENCY", "WEB_THREADS")},
    }


def _database_url() -> str:
    """gouvernail_loadtest on the PostgreSQL server of DATABASE_URL (127.0.0.1 by default)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        return "postgres://postgres@127.0.0.1:5432/gouvernail_loadtest"
    return urlunsplit(urlsplit(given)._replace(path="/gouvernail_loadtest"))


def _safe(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    )


def _fresh_database(url: str) -> None:
    """Drop and create the load test's own database (never another one)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name.startswith("gouvernail_loadtest"):
        raise SystemExit(
            f"The load test only recreates a database named gouvernail_loadtest*, not {name!r}."
        )
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _plan(env: dict[str, str], work: Path) -> dict:
    """The personas' sessions and the pages each opens, written where the locustfile reads them."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    rng = random.Random(7)

    sessions = []
    for email, share in PERSONAS:
        kinds = _pages(User.objects.get(email=email), rng)
        for _ in range(share * 5):
            client = Client()
            client.force_login(User.objects.get(email=email))
            sessions.append(
                {
                    "persona": email,
                    "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "pages": kinds,
                }
            )
    rng.shuffle(sessions)
    plan = {"cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions}
    (work / "plan.json").write_text(json.dumps(plan))
    return plan


def _pages(user, rng: random.Random) -> dict[str, list[str]]:
    """The pages `user` opens, by kind: leads and auditors any channel or person, the others
    their own channels."""
    from django.urls import reverse

    from accounts import roles
    from accounts.models import Person
    from channels_registry.models import Channel
    from governance.models import AccessReview

    kinds = {
        "dashboard": [reverse("home")],
        "channel list": [reverse("channels_registry:index")],
        "review items": [reverse("governance:my_review_items")],
    }
    if user.groups.filter(name__in=[roles.GOVERNANCE_LEAD, roles.AUDITOR]).exists():
        channels = list(Channel.objects.exclude(status="archived").values_list("pk", flat=True))
        people = list(Person.objects.filter(status="active").values_list("pk", flat=True))
        reviews = AccessReview.objects.filter(status="open").values_list("pk", flat=True)
        kinds["channel page"] = [
            reverse("channels_registry:detail", args=[pk])
            for pk in rng.sample(channels, min(SAMPLE, len(channels)))
        ]
        kinds["person page"] = [
            reverse("governance:person", args=[pk])
            for pk in rng.sample(people, min(SAMPLE, len(people)))
        ]
        kinds["review items"] += [reverse("governance:review", args=[pk]) for pk in reviews]
        return kinds
    mine = Channel.objects.filter(business_owner__user=user) | Channel.objects.filter(
        backup_owner__user=user
    )
    kinds["channel page"] = [
        reverse("channels_registry:detail", args=[pk])
        for pk in mine.values_list("pk", flat=True)[:SAMPLE]
    ] or [reverse("channels_registry:index")]
    return kinds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn_shape(env: dict[str, str]) -> str:
    workers, threads = gunicorn_settings.shape(env)
    return f"{workers} processes of {threads} thread{'s' if threads > 1 else ''}"


def _start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi:application"],
            cwd=BASE_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            if _get(port, "/healthz", "")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _check(port: int, plan: dict) -> None:
    """Every page of every persona answers 200 once before the load starts."""
    seen: set[tuple[str, str]] = set()
    wrong = []
    for session in plan["sessions"]:
        for urls in session["pages"].values():
            for url in urls:
                if (session["persona"], url) in seen:
                    continue
                seen.add((session["persona"], url))
                status, _ = _get(port, url, f"{plan['cookie']}={session['cookie']}")
                if status != 200:
                    wrong.append(f"{session['persona']} {url}: {status}")
    if wrong:
        raise SystemExit("Pages that do not answer 200:\n" + "\n".join(wrong))
    print(f"{len(seen)} pages of {len(PERSONAS)} personas answer 200.")


def _locust(
    host: str, work: Path, name: str, users: int, seconds: int, extra: dict, arriving: int
) -> list[dict]:
    """Locust's statistics of a run, one row per kind of page and an "Aggregated" one; what it
    printed goes to <name>.log beside them."""
    prefix = work / name
    command = [
        str(BIN / "locust"),
        *("-f", str(BASE_DIR / "loadtest" / "locustfile.py"), "--headless", "--only-summary"),
        *("--users", str(users), "--spawn-rate", str(arriving), "--run-time", f"{seconds}s"),
        *("--host", host, "--csv", str(prefix), "--loglevel", "WARNING"),
    ]
    with (work / f"{name}.log").open("w") as log:
        subprocess.run(
            command,
            cwd=BASE_DIR,
            env={**os.environ, "LOADTEST_PLAN": str(work / "plan.json"), **extra},
            check=False,  # Locust exits 1 when a request failed: the table says which
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    with (work / f"{name}_stats.csv").open(encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


if __name__ == "__main__":
    main()
