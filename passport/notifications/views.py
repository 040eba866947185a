"""The inbox: a person's notifications, and marking one read (then opening what it is about)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from passport.accounts.access import Actor
from passport.accounts.web import page

from . import services


@page
@require_safe
def inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    user = services.person(actor)
    context = {"notifications": services.inbox(user=user), "unread": services.unread_count(user)}
    return render(request, "notifications/inbox.html", context)


@page
@require_POST
def read(request: HttpRequest, actor: Actor, uuid: str) -> HttpResponse:
    notification = services.mark_read(user=services.person(actor), notification_uuid=uuid)
    target = notification.link if "open" in request.POST else ""
    # Only a path on this site: a stored link never sends anyone elsewhere.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")
