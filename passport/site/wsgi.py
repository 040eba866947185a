"""WSGI entry point for gunicorn: ``gunicorn passport.site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.site.settings")
application = get_wsgi_application()
