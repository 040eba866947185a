"""Notifying people: a row in their inbox and an e-mail with the same words.

The caller writes the subject and body in the recipient's language (``language_of``); each
``key`` reaches a person at most once (a database constraint), so a job that runs again
notifies nobody twice. An e-mail that fails leaves the notification unsent (``emailed_at``
empty); ``resend_unsent`` tries those again. Reading and marking read are for the recipient
only: an inbox is personal, whichever organisation the person acts for.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, NotFound, uuid_or_not_found
from passport.accounts.languages import LANGUAGE_CODES
from passport.accounts.models import User

from .models import Notification

logger = logging.getLogger(__name__)

INBOX_SIZE = 50
RESEND_WITHIN = dt.timedelta(days=7)
"""How far back unsent e-mails are tried again: older news is in the inbox, not worth a late mail."""


def person(actor: Actor) -> User:
    """The person an inbox belongs to. An API token acts for an organisation, not a person, so it
    has no inbox: NotAllowed (403), not an empty list that would look like "nothing new"."""
    if actor.user is None:
        raise NotAllowed(_("Notifications belong to people; an API token has none. Sign in to read them."))
    return actor.user


def language_of(user: User) -> str:
    """The language to write to ``user`` in: their choice, else the site's default."""
    return user.language if user.language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def notify(
    *, recipient: User, key: str, subject: str, body: str, link: str = "", email: bool = True
) -> Notification | None:
    """Put a notification in ``recipient``'s inbox and, unless ``email`` is false, e-mail it.
    None when the person already had one with this ``key`` (nothing is sent again).

    ``email=False`` lets a caller create notifications inside its own transaction and send the
    e-mails (``send_email``) once that transaction has committed."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                key=key[:200],
                language=language_of(recipient),
                subject=subject[:200],
                body=body,
                link=link[:300],
            )
    except IntegrityError:
        return None
    if email:
        send_email(notification)
    return notification


def send_email(notification: Notification) -> bool:
    """E-mail a notification to its recipient (once: ``emailed_at`` records it). A failure is
    logged and leaves ``emailed_at`` empty; the notification stays in the inbox either way."""
    if notification.emailed_at is not None or not notification.recipient.is_active:
        return False
    body = notification.body
    if notification.link:
        with translation.override(notification.language):
            body += "\n\n" + _("Open it on the site: %(link)s") % {"link": absolute(notification.link)}
    try:
        send_mail(
            notification.subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email], fail_silently=False
        )
    except Exception:  # a mail server's failure must not stop the job that notifies
        logger.exception("could not e-mail notification %s", notification.uuid)
        return False
    notification.emailed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=notification.emailed_at)
    return True


def absolute(link: str) -> str:
    """A site path as an address a mail reader can open (``PASSPORT_SITE_URL`` + path); the path
    alone when the site's address is not configured."""
    return f"{settings.PASSPORT_SITE_URL}{link}" if link.startswith("/") else link


def unsent(*, since: dt.datetime) -> QuerySet[Notification]:
    """Notifications made since ``since`` whose e-mail has not gone out (the mail server failed,
    or the job stopped before sending), to people still active; oldest first."""
    rows = Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since, recipient__is_active=True)
    return rows.select_related("recipient").order_by("created_at", "id")


def resend_unsent(*, since: dt.datetime) -> int:
    """E-mail again every notification of ``unsent``; returns how many went out. One that fails
    again is logged and left for the next try. One query, plus one per e-mail sent."""
    return sum(1 for notification in unsent(since=since) if send_email(notification))


def inbox(*, user: User, limit: int = INBOX_SIZE) -> list[Notification]:
    """The person's newest notifications, newest first (one query)."""
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user: User, notification_uuid: object) -> Notification:
    """Mark one of the person's notifications read; someone else's is NotFound."""
    notification = Notification.objects.filter(uuid=uuid_or_not_found(notification_uuid), recipient=user).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk).update(read_at=notification.read_at)
    return notification
