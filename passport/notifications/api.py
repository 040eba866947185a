"""Notification endpoints (mounted under /api/v1/ by passport.site.api).

A person's inbox, through their signed-in session. API tokens act for an organisation, not a
person, so they are refused with 403 (see ``services.person``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from passport.site.schemas import ErrorOut, Strict

from . import services

router = Router(tags=["notifications"])


class InboxIn(Strict):
    limit: int = Field(services.INBOX_SIZE, ge=1, le=services.INBOX_SIZE)


class NotificationOut(Schema):
    uuid: uuid.UUID
    subject: str
    body: str
    link: str = Field(description="A path on this site, or empty")
    language: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


@router.get(
    "/notifications",
    response={200: InboxOut, 403: ErrorOut},
    operation_id="list_notifications",
    summary="My notifications",
)
def list_notifications(request: HttpRequest, query: Query[InboxIn]) -> Any:
    """The signed-in person's newest notifications, newest first, and how many are unread. Not for
    API tokens (403): notifications belong to people."""
    user = services.person(request.auth)  # type: ignore[attr-defined]
    items = services.inbox(user=user, limit=query.limit)
    return {
        "unread": services.unread_count(user),
        "items": [
            {
                "uuid": n.uuid,
                "subject": n.subject,
                "body": n.body,
                "link": n.link,
                "language": n.language,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "emailed_at": n.emailed_at,
            }
            for n in items
        ],
    }
