"""The Django site: settings, URLs, WSGI entry point, base templates and site-wide middleware."""
