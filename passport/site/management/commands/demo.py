"""``manage.py demo --load``: put the demo world in an empty database and print every login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from passport.site.demo import DEMO_PASSWORD, DemoRefused, DemoWorld, load_demo_world, page_to_try


class Command(BaseCommand):
    help = "Load the demo world (pilot producers, facilitators, a buyer, an authority) and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--load", action="store_true", help="Load the demo world (refused on a non-empty database)."
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="The password of every demo login.")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where the site will be served (for the printed links)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["load"]:
            raise CommandError("nothing to do: use --load to load the demo world")
        try:
            # The demo's people are fictional (addresses at .example): what the demo's plans tell
            # them stays in their inboxes, and no e-mail is printed among the logins.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                world = load_demo_world(password=options["password"])
        except DemoRefused as exc:
            raise CommandError(f"demo not loaded: {exc}") from exc
        self.stdout.write(self._report(world, base_url=options["base_url"].rstrip("/")))

    def _report(self, world: DemoWorld, *, base_url: str) -> str:
        state = (
            "was already loaded; nothing changed (passwords are those it was first loaded with)"
            if world.already_loaded
            else "loaded"
        )
        lines = [
            f"Demo world {state}: {len(world.logins)} organisations, {len(world.producers)} producers, "
            f"{len(world.drafts)} self-assessments in progress, {len(world.results)} submitted.",
            f"Sign in at {base_url}{page_to_try('accounts:login') or '/accounts/login/'} with:",
            "",
        ]
        for login in world.logins:
            lines += [
                f"  {login.email}",
                f"      password:     {login.password}",
                f"      organisation: {login.organisation} ({login.kind}, {login.role})",
                f"      try:          {login.try_this}",
            ]
            # Only pages this login may open: a producer's draft is not its buyer's to read.
            for page in world.pages.get(login.email, ()):
                url = page_to_try(page.route, uuid=page.uuid)
                if url:
                    lines.append(f"      open:         {base_url}{url}  ({page.label})")
        producers = page_to_try("producers:list")
        if producers:
            lines += ["", f"Every login lists the producers it may open at {base_url}{producers}"]
        return "\n".join(lines) + "\n"
