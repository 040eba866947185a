"""What day it is where a producer works.

Deadlines, exclusions and roll-ups are dates, and a date depends on where you stand: at 03:00
UTC on 1 March it is still 28 February in Bogotá. Every part of the site that asks "what is
today for this producer?" asks here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.utils import timezone

from passport.engine import local_date

from .models import Producer

# The IANA zone of the mining areas of each country we serve; a country with several zones maps
# to where its artisanal mining is. Others fall back to the site's TIME_ZONE.
ZONES: Mapping[str, str] = {
    "BF": "Africa/Ouagadougou",
    "BO": "America/La_Paz",
    "CD": "Africa/Lubumbashi",  # the eastern provinces (Kivu, Ituri, Katanga), not Kinshasa
    "CO": "America/Bogota",
    "EC": "America/Guayaquil",
    "GH": "Africa/Accra",
    "ML": "Africa/Bamako",
    "PE": "America/Lima",
    "RW": "Africa/Kigali",
    "TZ": "Africa/Dar_es_Salaam",
    "UG": "Africa/Kampala",
}


def zone_of(producer: Producer) -> str:
    return ZONES.get(producer.country or "", settings.TIME_ZONE)


def local_today(producer: Producer, now: dt.datetime | None = None) -> dt.date:
    """The date it is where the producer works."""
    return local_date(now or timezone.now(), zone_of(producer))
