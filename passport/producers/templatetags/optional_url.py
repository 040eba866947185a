"""``{% optional_url 'name' arg as var %}``: the URL, or "" while that route does not exist yet.

Lets a page link to another app's pages before that app has added them (the assessment pages
are built in parallel), without a broken page in between."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
