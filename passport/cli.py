"""The ``passport`` command. Works on files; needs no database, except ``passport audit``, which
reads the site's database through Django's settings (and only reads it), and ``passport plans``,
which runs the site's deadline check on it.

Exit status: 0 when the command did its job, 1 when an input file is invalid (every problem is
printed as ``PATH:LINE: message`` on standard error), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import secrets
import signal
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from .engine import (
    AnswersError,
    AnswersFile,
    Classification,
    InvalidFileError,
    PassportError,
    Problem,
    Standard,
    check_against,
    check_standard,
    classify,
    diff_standards,
    get_standard,
    json_schema_text,
    read_answers,
    reevaluate,
    text_in,
    to_dict,
)

LANGUAGES = ("en", "es", "fr")


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `passport assess … | head` ends quietly, as other tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.run(args)
    except InvalidFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except PassportError as exc:
        print(f"passport: {exc}", file=sys.stderr)
        return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="passport",
        description="Passport to Markets: check standards and classify producers' answers against them.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    standard = commands.add_parser("standard", help="work with standard files")
    standard.set_defaults(run=lambda _args: _usage(standard))
    standard_cmds = standard.add_subparsers(title="standard commands", metavar="COMMAND")

    check = standard_cmds.add_parser("check", help="validate standard files; print PATH:LINE: message for each problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(run=_standard_check)

    diff = standard_cmds.add_parser("diff", help="requirements added, removed and changed between two versions")
    diff.add_argument("old", metavar="OLD", help="file or id@version")
    diff.add_argument("new", metavar="NEW", help="file or id@version")
    diff.set_defaults(run=_standard_diff)

    schema = standard_cmds.add_parser("schema", help="print (or check) the JSON Schema of the standard file format")
    schema.add_argument("--check", metavar="FILE", type=Path, help="exit 1 if FILE differs from the generated schema")
    schema.add_argument("--output", metavar="FILE", type=Path, help="write the schema to FILE")
    schema.set_defaults(run=_standard_schema)

    assess = commands.add_parser("assess", help="classify one answers file")
    assess.add_argument("answers", metavar="ANSWERS_FILE", type=Path)
    assess.add_argument("--standard", metavar="FILE_OR_ID", help="standard to use (default: the one the file names)")
    assess.add_argument(
        "--as-of", metavar="DATE", type=_date, help="evaluate deadlines on DATE (default: assessed_on, else today)"
    )
    assess.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the result (default: en)")
    assess.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    assess.add_argument(
        "--reevaluate",
        action="store_true",
        help="allow --standard to differ from the version the answers were given against, and report what changed",
    )
    assess.set_defaults(run=_assess)

    examples = commands.add_parser("examples", help="classify every example and compare with its expected outcome")
    examples.add_argument("folder", nargs="?", default="examples", type=Path)
    examples.add_argument("--lang", choices=LANGUAGES, default="en")
    examples.set_defaults(run=_examples)

    audit = commands.add_parser("audit", help="check the site's audit log (needs the database)")
    audit.set_defaults(run=lambda _args: _usage(audit))
    audit_cmds = audit.add_subparsers(title="audit commands", metavar="COMMAND")
    verify = audit_cmds.add_parser(
        "verify",
        help="recompute the audit log's hash chain; exit 1 at the first entry that does not match",
        description=(
            "Recompute the audit log's hash chain; exit 1 at the first entry that does not match. "
            "Reads the site's database: DATABASE_URL when set, else passport.sqlite3 in "
            "PASSPORT_DATA_DIR (default: var/ in the checkout; the demo's is var/demo). "
            "Needs no secret key."
        ),
    )
    verify.add_argument(
        "--data-dir",
        metavar="FOLDER",
        type=Path,
        help="read FOLDER/passport.sqlite3 (the same as PASSPORT_DATA_DIR=FOLDER)",
    )
    verify.add_argument(
        "--progress-every",
        metavar="N",
        type=_positive,
        default=10000,
        help="print progress on standard error every N entries (default: 10000)",
    )
    verify.set_defaults(run=_audit_verify)

    plans = commands.add_parser("plans", help="work with improvement plans (needs the database)")
    plans.set_defaults(run=lambda _args: _usage(plans))
    plans_cmds = plans.add_subparsers(title="plans commands", metavar="COMMAND")
    deadlines = plans_cmds.add_parser(
        "check-deadlines",
        help="check every adopted plan's deadlines; record and notify what is due soon, overdue or expired",
        description=(
            "Check every adopted plan's deadlines on each producer's local date, against its latest "
            "assessment; record what is due soon, overdue or expired, and notify the producer's and the "
            "partner's owners and managers (in-app and by e-mail); e-mail again the notifications of "
            "the last 7 days whose e-mail failed. Running it again the same day, or later, records "
            "and sends nothing twice: schedule it daily. Uses the site's database and e-mail "
            "settings: DATABASE_URL when set, else passport.sqlite3 in PASSPORT_DATA_DIR."
        ),
    )
    deadlines.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=_date,
        help=(
            "check as of this date for every producer (default: today, on each producer's local clock); "
            "a later date than today needs --dry-run"
        ),
    )
    deadlines.add_argument(
        "--dry-run",
        action="store_true",
        help="check and print what a run would find and do, but record nothing and send nothing (any --as-of)",
    )
    deadlines.add_argument(
        "--warn-days",
        metavar="N",
        type=_not_negative,
        default=30,
        help="warn this many days before a deadline (default: 30)",
    )
    deadlines.add_argument(
        "--data-dir",
        metavar="FOLDER",
        type=Path,
        help="use FOLDER/passport.sqlite3 (the same as PASSPORT_DATA_DIR=FOLDER)",
    )
    deadlines.add_argument(
        "--progress-every",
        metavar="N",
        type=_positive,
        default=100,
        help="print progress on standard error every N plans (default: 100)",
    )
    deadlines.set_defaults(run=_plans_check_deadlines)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number above 0")
    return value


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days (0 or more)")
    return value


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (write YYYY-MM-DD)") from None


# --- standard ---------------------------------------------------------------------------------


def _standard_check(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        standard, problems = check_standard(name)
        for problem in problems:
            print(problem, file=sys.stderr)
        if standard is None:
            failed = True
            continue
        expected = f"{standard.id}-{standard.version}.yaml"
        if Path(name).name != expected:
            print(f"{name}:1: warning: name this file {expected} so that {standard.ref} can be found", file=sys.stderr)
        counts = (len(standard.requirements), len(standard.indicators), len(standard.edd_triggers))
        print(
            f"{name}: ok — {standard.ref} ({standard.status.value}), {counts[0]} requirements, "
            f"{counts[1]} indicators, {counts[2]} EDD triggers"
        )
    return 1 if failed else 0


def _standard_diff(args: argparse.Namespace) -> int:
    old, new = get_standard(args.old), get_standard(args.new)
    diff = diff_standards(old, new)
    print(f"{diff.old} → {diff.new}")
    if diff.empty:
        print("no differences in requirements or triggers")
        return 0
    for line in diff.general:
        print(f"~ {line}")
    for ident in diff.added:
        print(f"+ {ident}  {text_in(new.requirement(ident).title, 'en')}")
    for ident in diff.removed:
        print(f"- {ident}  {text_in(old.requirement(ident).title, 'en')}")
    for change in diff.changed:
        print(f"~ {change.requirement_id}")
        for line in change.changes:
            print(f"    {line}")
    for ident in diff.edd_added:
        print(f"+ trigger {ident}")
    for ident in diff.edd_removed:
        print(f"- trigger {ident}")
    for ident in diff.edd_changed:
        print(f"~ trigger {ident}")
    return 0


def _standard_schema(args: argparse.Namespace) -> int:
    text = json_schema_text()
    if args.check is not None:
        current = args.check.read_text(encoding="utf-8") if args.check.is_file() else ""
        if current != text:
            print(f"{args.check}:1: out of date; run `passport standard schema --output {args.check}`", file=sys.stderr)
            return 1
        print(f"{args.check}: up to date")
        return 0
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    sys.stdout.write(text)
    return 0


# --- assess -----------------------------------------------------------------------------------


def _load_for(
    answers_file: AnswersFile, standard_arg: str | None, reevaluate_ok: bool
) -> tuple[Standard, Standard | None]:
    """The standard to classify with, and the one the answers were given against if it differs."""
    standard = get_standard(standard_arg or answers_file.standard_ref)
    if standard.ref == answers_file.standard_ref:
        return standard, None
    if not reevaluate_ok:
        raise AnswersError(
            [
                _problem(
                    answers_file,
                    ("standard",),
                    f"these answers were given against {answers_file.standard_ref}, not {standard.ref}; "
                    "pass --reevaluate to classify them under the other version and see what changes",
                )
            ]
        )
    try:
        original = get_standard(answers_file.standard_ref)
    except PassportError:
        original = None
    return standard, original


def _problem(answers_file: AnswersFile, where: tuple[str, ...], message: str) -> Problem:
    line = answers_file.located.line(where) if answers_file.located is not None else 0
    return Problem(answers_file.path, line, message)


def _assess(args: argparse.Namespace) -> int:
    answers_file = read_answers(args.answers)
    standard, original = _load_for(answers_file, args.standard, args.reevaluate)
    other_version = standard.ref != answers_file.standard_ref
    if original is not None:
        check_against(answers_file, original)
    else:
        check_against(_without_unknown(answers_file, standard) if other_version else answers_file, standard)
    as_of = args.as_of or answers_file.assessed_on or dt.date.today()
    answers = {k: v for k, v in answers_file.answers.items() if k in standard.indicators}
    changes: dict[str, Any] | None = None
    if original is not None:
        outcome = reevaluate(original, standard, answers_file.producer, answers_file.answers, answers_file.plans, as_of)
        result = outcome.after
        changes = {
            "from": original.ref,
            "compared": True,
            "outcome_before": outcome.before.outcome,
            "outcome_after": outcome.after.outcome,
            "changes": [
                {"requirement": c.requirement_id, "before": c.before, "after": c.after} for c in outcome.changes
            ],
            "ignored_answers": list(outcome.ignored_answers),
        }
    else:
        result = classify(standard, answers_file.producer, answers, answers_file.plans, as_of)
        if other_version:
            # The version the answers were given against is not at hand: say so, and never drop
            # answers silently.
            changes = {
                "from": answers_file.standard_ref,
                "compared": False,
                "outcome_before": None,
                "outcome_after": result.outcome,
                "changes": [],
                "ignored_answers": sorted(k for k in answers_file.answers if k not in standard.indicators),
            }
    if args.format == "json":
        data = to_dict(result, standard, args.lang, answers)
        if changes is not None:
            data["reevaluation"] = changes
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(sys.stdout, answers_file, standard, result, args.lang, answers)
        if changes is not None:
            _print_changes(sys.stdout, changes)
    return 0


def _without_unknown(answers_file: AnswersFile, standard: Standard) -> AnswersFile:
    return replace(answers_file, answers={k: v for k, v in answers_file.answers.items() if k in standard.indicators})


_HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "outcome": "Outcome",
        "as_of": "as of",
        "stop": "Must stop now — disengagement",
        "mitigate": "To mitigate, with deadlines",
        "improve": "To improve (order agreed with your partners)",
        "edd": "Enhanced due diligence needed",
        "missing": "Missing answers",
        "progress": "Progress",
        "due": "due",
        "no_deadline": "deadline runs from plan adoption",
        "no_deadline_identified": "deadline runs from when the risk was first identified",
        "expired": "EXPIRED",
        "without_action": "without action needed",
        "decided": "decided",
        "none": "none",
        "evidence": "extra evidence",
    },
    "es": {
        "outcome": "Resultado",
        "as_of": "a la fecha",
        "stop": "Debe cesar ya — desvinculación",
        "mitigate": "Para mitigar, con plazos",
        "improve": "Para mejorar (en el orden acordado con sus socios)",
        "edd": "Se necesita debida diligencia reforzada",
        "missing": "Respuestas que faltan",
        "progress": "Avance",
        "due": "plazo",
        "no_deadline": "el plazo corre desde la adopción del plan",
        "no_deadline_identified": "el plazo corre desde que se identificó el riesgo",
        "expired": "VENCIDO",
        "without_action": "sin acción necesaria",
        "decided": "decididos",
        "none": "ninguno",
        "evidence": "evidencia adicional",
    },
    "fr": {
        "outcome": "Résultat",
        "as_of": "au",
        "stop": "À arrêter immédiatement — désengagement",
        "mitigate": "À atténuer, avec échéances",
        "improve": "À améliorer (dans l'ordre convenu avec vos partenaires)",
        "edd": "Diligence raisonnable renforcée nécessaire",
        "missing": "Réponses manquantes",
        "progress": "Progrès",
        "due": "échéance",
        "no_deadline": "le délai court à partir de l'adoption du plan",
        "no_deadline_identified": "le délai court à partir de l'identification du risque",
        "expired": "EXPIRÉ",
        "without_action": "sans action nécessaire",
        "decided": "décidées",
        "none": "aucune",
        "evidence": "preuves supplémentaires",
    },
}


def _print_text(
    out: TextIO,
    answers_file: AnswersFile,
    standard: Standard,
    result: Classification,
    lang: str,
    answers: dict[str, Any],
) -> None:
    h = _HEADINGS[lang]
    data = to_dict(result, standard, lang, answers)
    name = answers_file.producer.name or answers_file.path
    out.write(f"{name} — {result.standard}, {h['as_of']} {result.as_of.isoformat()}\n")
    out.write(f"{h['outcome']}: {data['outcome_label']} [{result.outcome}]\n")
    groups = {
        "stop": [f for f in data["findings"] if f["action"] == "disengage_immediately"],
        "mitigate": [f for f in data["findings"] if f["action"] == "mitigate"],
        "improve": [f for f in data["findings"] if f["action"] == "improve"],
    }
    for key, findings in groups.items():
        if not findings:
            continue
        out.write(f"\n{h[key]}:\n")
        for f in findings:
            out.write(f"  - {f['requirement']} {f['title']}{_deadline(standard, f, h)}\n      {f['reason']}\n")
    if data["edd_flags"]:
        out.write(f"\n{h['edd']}:\n")
        for e in data["edd_flags"]:
            evidence = f" [{h['evidence']}: {', '.join(e['extra_evidence'])}]" if e["extra_evidence"] else ""
            out.write(f"  - {e['label']}: {e['reason']}{evidence}\n")
    if data["missing"]:
        out.write(f"\n{h['missing']}:\n")
        for m in data["missing"]:
            out.write(f"  - {m['indicator']} ({m['requirement']}): {m['question']}\n")
    out.write(f"\n{h['progress']}:\n")
    titles = {m.id: text_in(m.title, lang) for m in standard.modules}
    for p in data["progress"]["modules"]:
        share = round(100 * p["share_without_action"])
        out.write(
            f"  {p['module']} {titles.get(p['module'], '')}: {p['decided']}/{p['applicable']} {h['decided']}, "
            f"{share}% {h['without_action']}\n"
        )


def _deadline(standard: Standard, finding: dict[str, Any], h: dict[str, str]) -> str:
    if finding["due"]:
        expired = f" — {h['expired']}" if finding["expired"] else ""
        return f" ({h['due']} {finding['due']}{expired})"
    if finding["action"] != "mitigate":
        return ""
    cell = next(c for c in standard.requirement(finding["requirement"]).cells if c.id == finding["cell"])
    key = "no_deadline_identified" if cell.window_anchor.value == "first_identified" else "no_deadline"
    return f" ({h[key]})"


def _print_changes(out: TextIO, changes: dict[str, Any]) -> None:
    out.write(
        f"\nRe-evaluated from {changes['from']}: outcome {changes['outcome_before']} → {changes['outcome_after']}\n"
    )
    for c in changes["changes"]:
        out.write(f"  ~ {c['requirement']}: {c['before'] or '—'} → {c['after'] or '—'}\n")
    if changes["ignored_answers"]:
        out.write(f"  answers no longer asked: {', '.join(changes['ignored_answers'])}\n")


# --- audit and plans: commands on the site's database ----------------------------------------------

_WHERE_ELSE = (
    "point at another database with --data-dir FOLDER or PASSPORT_DATA_DIR=FOLDER (the site's SQLite "
    "file FOLDER/passport.sqlite3; the demo's is PASSPORT_DATA_DIR=var/demo), or with "
    "DATABASE_URL=postgres://user@host:5432/name or DATABASE_URL=sqlite:////absolute/path.sqlite3"
)


def _site_database(command: str, data_dir: Path | None, table: str, what: str) -> str:
    """Set Django up on the site's database for ``command`` and check it holds ``table`` (``what``
    names it in messages). Returns how to name the database in messages."""
    # Django is set up here, not at import: the file commands work without a database.
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.site.settings")
    if settings.configured:  # called from inside a configured process (the tests)
        if data_dir is not None:
            raise PassportError(f"{command}: --data-dir cannot change a database already in use")
        where = _describe_database(settings.DATABASES["default"])
    else:
        where = _prepare_site_database(command, data_dir, table, what)
    django.setup()
    return where


def _require_table(command: str, where: str, table: str, what: str) -> None:
    from django.db import connection  # noqa: PLC0415

    if table not in connection.introspection.table_names():
        raise PassportError(f"{command}: {where} has no {what} (never migrated?); {_WHERE_ELSE}")


def _audit_verify(args: argparse.Namespace) -> int:
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.db import DatabaseError  # noqa: PLC0415

    where = "the site's database"
    try:
        where = _site_database("audit verify", args.data_dir, "audit_auditentry", "audit log")
        _require_table("audit verify", where, "audit_auditentry", "audit log")
        from passport.audit.services import verify_chain  # noqa: PLC0415

        def progress(checked: int) -> None:
            print(f"audit log: {checked} entries checked…", file=sys.stderr, flush=True)

        result = verify_chain(batch=args.progress_every, progress=progress)
    except ImproperlyConfigured as exc:
        raise PassportError(f"audit verify: {exc}") from exc
    except DatabaseError as exc:
        raise PassportError(f"audit verify: cannot read {where}: {exc}; {_WHERE_ELSE}") from exc
    if result.broken_at is not None:
        print(f"audit log: broken at entry #{result.broken_at}: {result.problem}")
        return 1
    print(f"audit log: {result.checked} entries, chain intact")
    return 0


def _plans_check_deadlines(args: argparse.Namespace) -> int:
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.db import DatabaseError  # noqa: PLC0415

    command = "plans check-deadlines"
    where = "the site's database"
    try:
        where = _site_database(command, args.data_dir, "plans_plan", "plans")
        _require_table(command, where, "plans_plan", "plans")
        from django.utils import translation  # noqa: PLC0415

        from passport.plans.deadlines import check_all_deadlines, future_as_of_problem  # noqa: PLC0415

        problem = None if args.as_of is None or args.dry_run else future_as_of_problem(args.as_of)
        if problem is not None:
            print(f"passport: {command}: {problem}", file=sys.stderr)
            return 2

        def progress(checked: int, total: int) -> None:
            if checked % args.progress_every == 0 or (checked == total and total >= args.progress_every):
                print(f"deadline check: {checked} of {total} plans checked…", file=sys.stderr, flush=True)

        summary = check_all_deadlines(
            as_of=args.as_of, warn_days=args.warn_days, progress=progress, dry_run=args.dry_run
        )
        with translation.override("en"):  # the operator's summary; notifications use each person's language
            line = summary.describe()
    except ImproperlyConfigured as exc:
        raise PassportError(f"{command}: {exc}") from exc
    except DatabaseError as exc:
        raise PassportError(f"{command}: cannot use {where}: {exc}; {_WHERE_ELSE}") from exc
    for failure in summary.failures:
        print(f"passport: {command}: {failure}", file=sys.stderr)
    print(line)
    return 1 if summary.failures else 0


def _prepare_site_database(command: str, data_dir: Path | None, table: str, what: str) -> str:
    """Set the environment for the site's database, and check it holds ``table``, before Django
    is set up: the settings would otherwise create an empty SQLite file where none exists.
    Returns how to name the database in messages."""
    from passport.site.environment import database_from_url  # noqa: PLC0415 - imports no Django app

    url = os.environ.get("DATABASE_URL")
    if data_dir is not None:
        if url:
            raise PassportError(f"{command}: both --data-dir and DATABASE_URL name a database; give only one")
        os.environ["PASSPORT_DATA_DIR"] = str(data_dir)
    if not os.environ.get("PASSPORT_SECRET_KEY"):
        # These commands sign nothing (no session, link or token), so a throwaway key is safe.
        os.environ["PASSPORT_SECRET_KEY"] = secrets.token_urlsafe(50)
    if url:
        database = database_from_url(url)
        if not database["ENGINE"].endswith("sqlite3"):
            return _describe_database(database)
        path = Path(database["NAME"])
    else:
        # Where passport.site.settings puts it: PASSPORT_DATA_DIR, else var/ in the checkout.
        path = Path(os.environ.get("PASSPORT_DATA_DIR") or Path(__file__).resolve().parent.parent / "var")
        path = path / "passport.sqlite3"
    _check_sqlite_table(command, path, table, what)
    return _describe_database({"ENGINE": "sqlite3", "NAME": str(path)})


def _check_sqlite_table(command: str, path: Path, table: str, what: str) -> None:
    """Refuse a missing file, or one without ``table``, opening it read-only."""
    if not path.is_file():
        raise PassportError(f"{command}: there is no database at {path}; {_WHERE_ELSE}")
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    except sqlite3.Error as exc:
        raise PassportError(f"{command}: cannot read the SQLite file {path}: {exc}; {_WHERE_ELSE}") from exc
    if found is None:
        raise PassportError(
            f"{command}: the SQLite file {path} has no {what} (never migrated, or not the site's database); "
            f"{_WHERE_ELSE}"
        )


def _describe_database(database: dict[str, Any]) -> str:
    if str(database["ENGINE"]).endswith("sqlite3"):
        return f"the SQLite file {database['NAME']}"
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"the PostgreSQL database {database['NAME']} on {host}{port}"


# --- examples ---------------------------------------------------------------------------------


def _examples(args: argparse.Namespace) -> int:
    files = sorted(args.folder.glob("*.yaml"))
    if not files:
        raise PassportError(f"{args.folder}: no example answers files (*.yaml)")
    failures = 0
    for path in files:
        answers_file = read_answers(path)
        standard = get_standard(answers_file.standard_ref)
        check_against(answers_file, standard)
        as_of = answers_file.assessed_on or dt.date.today()
        result = classify(standard, answers_file.producer, answers_file.answers, answers_file.plans, as_of)
        flags = [e.trigger_id for e in result.edd_flags]
        verdict = "ok"
        expected = answers_file.expected
        if expected is not None and (
            expected.outcome != result.outcome or (expected.edd is not None and sorted(expected.edd) != sorted(flags))
        ):
            verdict = f"MISMATCH (expected {expected.outcome}, EDD {list(expected.edd or [])})"
            failures += 1
        label = to_dict(result, standard, args.lang)["outcome_label"]
        print(f"{path.name:40} {result.outcome:26} EDD {','.join(flags) or '-':40} {verdict}")
        print(f"{'':40} {label}")
    print(f"{len(files) - failures} of {len(files)} examples match their expected outcome")
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
