"""``manage.py check_deadlines``: the daily deadline check, for schedulers that run manage.py
(the same service as ``passport plans check-deadlines``; see docs/deadlines.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from passport.plans.deadlines import WARN_DAYS, check_all_deadlines, future_as_of_problem


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: '{text}' is not a date (write YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Check every adopted plan's deadlines on each producer's local date; record and notify what is "
        "due soon, overdue or expired, and e-mail again what failed in the last 7 days (running it again "
        "the same day changes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="check as of this date for every producer (a later date than today needs --dry-run)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and print what a run would find and do, but record nothing and send nothing (any --as-of)",
        )
        parser.add_argument(
            "--warn-days",
            metavar="N",
            type=int,
            default=WARN_DAYS,
            help=f"warn this many days before a deadline (default: {WARN_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else None
        if options["warn_days"] < 0:
            raise CommandError(f"--warn-days: {options['warn_days']} is below 0")
        problem = None if as_of is None or options["dry_run"] else future_as_of_problem(as_of)
        if problem is not None:
            raise CommandError(problem, returncode=2)
        summary = check_all_deadlines(as_of=as_of, warn_days=options["warn_days"], dry_run=options["dry_run"])
        for failure in summary.failures:
            self.stderr.write(failure)
        self.stdout.write(summary.describe())
        if summary.failures:
            raise CommandError("some plans could not be checked (see above)")
