"""Benchmark: serve real pages with production settings and compare them with a bare page.

Builds a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL database next
to the one ``DATABASE_URL`` names), loads 10,000 producers that all authorise one facilitator,
one submitted result, and a signed-in session for the facilitator; collects static files;
starts gunicorn (2 workers, ``DEBUG`` off, whitenoise manifest) on loopback; then loads each
page with ``wrk`` from a separate process:

- ``floor``: ``bench/floor``, a static page of the same size through the same middleware;
- ``result page``: the facilitator opens the submitted result;
- ``producer list``: the facilitator's first page of 10,000 producers.

Each page is measured in several alternating rounds after a warm-up; the median round counts.
Prints requests/s and p95 latency per page, and lines such as::

    page throughput ratio (result page/floor): 0.62

Fails if any measured response is not a 200. Usage: ``python bench/web.py [--duration S]
[--rounds R] [--connections C] [--threads T] [--workers W] [--producers N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "co-narino-cooperative.yaml"
# wrk reports what it measured through this script: p95 in microseconds, and responses >= 400.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p95_us=%d status_errors=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(95), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
NAMES = ["Esperanza", "El Porvenir", "La Unión", "San Juan", "Nueva Vida", "Kalimbi", "Mungwe", "Río Claro"]
KINDS = ["Cooperativa Minera", "Asociación de Mineros", "Groupe des creuseurs de", "Coopérative minière"]


@dataclass(frozen=True)
class Measure:
    rps: float
    p95_ms: float


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("bench/web.py needs wrk (Debian: apt-get install wrk)", file=sys.stderr)
        return 1
    data_dir = Path(tempfile.mkdtemp(prefix="passport-bench-"))
    try:
        with fresh_database(data_dir) as database_url:
            configure(data_dir, database_url)
            pages, cookie = prepare(args.producers)
            with gunicorn(args.workers) as base:
                return measure_all(args, base, pages, cookie)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured round (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per page (default 3)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    parser.add_argument("--producers", type=int, default=10_000)
    return parser.parse_args()


# --- The database and the data ----------------------------------------------------------------


@contextmanager
def fresh_database(data_dir: Path) -> Any:
    """None for SQLite under ``data_dir``; for PostgreSQL, the URL of a new database, dropped after."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield None
        return
    import psycopg  # noqa: PLC0415 - only for PostgreSQL

    parts = urlsplit(url)
    name = f"passport_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def configure(data_dir: Path, database_url: str | None) -> None:
    """Production settings on loopback: DEBUG off, manifest static files, no HTTPS redirect."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PASSPORT_DEBUG="0",
        PASSPORT_SECRET_KEY=secrets.token_urlsafe(50),
        PASSPORT_HTTPS="0",
        PASSPORT_ALLOWED_HOSTS="127.0.0.1",
        PASSPORT_DATA_DIR=str(data_dir),
        PASSPORT_STATIC_MANIFEST="1",
        PASSPORT_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django  # noqa: PLC0415

    django.setup()


def prepare(producers: int) -> tuple[dict[str, str], str]:
    """Migrate, load the data, collect static files; the pages to measure and the session cookie."""
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    facilitator, result = load(producers)
    with connections["default"].cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would have them on a
        # live database; without them PostgreSQL plans for an empty table after a bulk load.
        cursor.execute("ANALYZE")
    cookie = session_cookie(facilitator)
    pages = page_urls(result)
    connections.close_all()
    print(f"prepared {producers:,} producers in {time.perf_counter() - started:.1f} s", flush=True)
    return pages, cookie


def load(count: int) -> tuple[Any, Any]:
    """``count`` producers authorising one facilitator, and one submitted result."""
    from django.db import transaction  # noqa: PLC0415

    from passport.accounts.models import Membership, Organisation, User  # noqa: PLC0415
    from passport.producers.models import AssessorAuthorisation, Producer  # noqa: PLC0415

    rng = random.Random(2017)
    with transaction.atomic():
        user = User.objects.create_user(email="fran@bench.example", password=None, name="Fran Facilitator")
        field = Organisation.objects.create(name="Alianza de Campo", kind="facilitator", country="CO")
        Membership.objects.create(user=user, organisation=field, role="owner")
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(name=f"{rng.choice(KINDS)} {rng.choice(NAMES)} {i:05d}", kind="producer", country="CO")
                for i in range(count)
            ],
            batch_size=1000,
        )
        producers = Producer.objects.bulk_create(
            [
                Producer(
                    organisation=org,
                    type=rng.choice(["cooperative", "association", "informal_group"]),
                    commodities=["gold"],
                    methods=[rng.choice(["alluvial", "underground", "tailings"])],
                    country="CO",
                    subdivision=rng.choice(["CO-CAU", "CO-ANT", "CO-NAR"]),
                    municipality=rng.choice(["Suárez", "Tarazá", "La Llanada"]),
                    legal_status=rng.choice(["formal", "in_formalisation", "informal"]),
                )
                for org in orgs
            ],
            batch_size=1000,
        )
        AssessorAuthorisation.objects.bulk_create(
            [AssessorAuthorisation(producer=p, organisation=field) for p in producers], batch_size=1000
        )
        result = submitted_result(producers[0], field, user)
    return user, result


def submitted_result(producer: Any, field: Any, user: Any) -> Any:
    """A self-assessment the facilitator ran for the producer with the Nariño example's answers,
    submitted through the same services the pages call."""
    from passport.accounts.access import Actor  # noqa: PLC0415
    from passport.assessments import services  # noqa: PLC0415
    from passport.engine import applicable_requirements, get_standard, read_answers  # noqa: PLC0415
    from passport.producers.access import engine_profile  # noqa: PLC0415

    example = read_answers(EXAMPLE)
    producer.type, producer.methods = example.producer.type, sorted(example.producer.methods)
    producer.save(update_fields=["type", "methods"])
    applies = {
        i.id
        for r in applicable_requirements(get_standard(example.standard_ref), engine_profile(producer))
        for i in r.indicators
    }
    answers = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in example.answers.items() if k in applies}
    actor = Actor(user=user, organisation=field, role="owner")
    assessment = services.start_assessment(actor=actor, producer_uuid=producer.uuid, kind="self")
    services.save_answers(actor=actor, assessment_uuid=assessment.uuid, answers=answers)
    return services.submit_assessment(actor=actor, assessment_uuid=assessment.uuid, as_of=example.assessed_on)


def session_cookie(user: Any) -> str:
    """The cookies a returning, signed-in browser sends: its session and its CSRF cookie (without
    the latter every page would mint a new CSRF secret, which no real visitor causes twice)."""
    from django.conf import settings  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.utils.crypto import get_random_string  # noqa: PLC0415

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={get_random_string(32)}"


def page_urls(result: Any) -> dict[str, str]:
    """The pages to measure; a page whose view is not built yet is replaced, and said so."""
    from django.urls import NoReverseMatch, reverse  # noqa: PLC0415

    def first(*candidates: tuple[str, dict[str, Any]]) -> str:
        for name, kwargs in candidates:
            try:
                url = reverse(name, kwargs=kwargs or None)
            except NoReverseMatch:
                print(f"note: no page named {name!r} yet", flush=True)
                continue
            return url
        raise SystemExit("none of the pages to measure exists")

    return {
        "result page": first(
            ("assessments:result", {"uuid": result.uuid}),
            ("producers:detail", {"producer_uuid": result.producer.uuid}),
            ("site:home", {}),
        ),
        "producer list": first(("producers:list", {}), ("site:home", {})),
    }


# --- Serving and measuring -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(workers: int) -> Any:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "passport.site.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603 - our own command line
    try:
        wait_until_up(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            status, _ = fetch(f"http://127.0.0.1:{port}", "/healthz", "")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def fetch(base: str, path: str, cookie: str) -> tuple[int, bytes]:
    """One GET, redirects not followed (a redirect to sign-in must not pass for the page)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wrk(args: argparse.Namespace, url: str, cookie: str, seconds: int, script: Path) -> Measure:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    command += ["-H", f"Cookie: {cookie}", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - our own command line
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no report for {url}:\n{done.stdout}{done.stderr}")
    values = dict(item.split("=") for item in line.split()[1:])
    if int(values["status_errors"]) or int(values["socket_errors"]) or "Non-2xx" in done.stdout:
        raise SystemExit(f"{url}: {values['status_errors']} error responses, {values['socket_errors']} socket errors")
    return Measure(rps=int(values["requests"]) / (int(values["duration_us"]) / 1e6), p95_ms=int(values["p95_us"]) / 1e3)


def measure_all(args: argparse.Namespace, base: str, pages: dict[str, str], cookie: str) -> int:
    sizes = {}
    for label, path in pages.items():
        status, body = fetch(base, path, cookie)
        if status != 200:
            print(f"{label} ({path}) answered {status}, not 200", file=sys.stderr)
            return 1
        sizes[label] = len(body)
    floor_bytes = round(statistics.mean(sizes.values()))
    every = {"floor": f"/bench/floor?bytes={floor_bytes}", **pages}
    sizes["floor"] = len(fetch(base, every["floor"], cookie)[1])
    script = Path(os.environ["PASSPORT_DATA_DIR"]) / "report.lua"
    script.write_text(WRK_REPORT, encoding="utf-8")
    for path in every.values():
        wrk(args, base + path, cookie, 2, script)  # warm-up: imports, templates, caches, connections
    rounds: dict[str, list[Measure]] = {label: [] for label in every}
    for _ in range(args.rounds):
        for label, path in every.items():
            rounds[label].append(wrk(args, base + path, cookie, args.duration, script))
    report(args, every, sizes, rounds)
    return 0


def report(args: argparse.Namespace, pages: dict[str, str], sizes: dict[str, int], rounds: dict[str, Any]) -> None:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)"
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, {database}, "
        f"gunicorn {args.workers} workers, wrk -t{args.threads} -c{args.connections} "
        f"{args.rounds}x{args.duration}s per page"
    )
    median: dict[str, float] = {}
    for label, measures in rounds.items():
        median[label] = statistics.median(m.rps for m in measures)
        p95 = statistics.median(m.p95_ms for m in measures)
        each = ", ".join(f"{m.rps:,.0f}" for m in measures)
        print(
            f"  {label:14} {median[label]:8,.0f} req/s  p95 {p95:6.1f} ms  "
            f"{sizes[label]:6,} B  (rounds: {each})  {pages[label].split('?')[0]}"
        )
    for label in ("result page", "producer list"):
        print(f"page throughput ratio ({label}/floor): {median[label] / median['floor']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
