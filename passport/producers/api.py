"""API endpoints of this app (mounted under /api/v1/ by passport.site.api)."""

from ninja import Router

router = Router()
