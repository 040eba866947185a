"""The site's own settings for the web benchmark, with one bare extra page to compare against.

Everything else (middleware, database, static files, security) is what production runs."""

from passport.site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Each request would otherwise log nothing at INFO; keep the output to problems.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405
