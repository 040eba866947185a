"""Showing a withheld field: ``{% load sharing %}`` then ``{% withheld lens "titles" %}`` where a
field would be, or ``{% withheld_because decision %}`` for a decision already in hand (an answer).
A withheld field is always shown as withheld, with the policy's reason in the page's language —
never left out, never shown as "no" or as an empty list."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from passport.engine import Decision

from ..policy import Lens, reason_text

register = template.Library()


@register.simple_tag
def withheld(lens: Lens, key: str) -> SafeString:
    """The withheld marker for the platform field ``key`` (nothing if the viewer sees it)."""
    decision = lens.decision(key)
    return withheld_because(decision)


@register.simple_tag
def withheld_because(decision: Decision) -> SafeString:
    if decision.visible:
        return SafeString("")
    return SafeString(render_to_string("sharing/withheld.html", {"reason": reason_text(decision)}))


@register.filter
def shows(lens: Lens, key: str) -> bool:
    """``{% if lens|shows:"titles" %}``."""
    return lens.shows(key)


@register.filter
def reason(decision: Decision) -> str:
    return reason_text(decision)
