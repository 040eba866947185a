"""Before sharing, an authorised buyer or verifier read a producer's registry and results
(decision 0010). Assessing and seeing are now separate (decision 0016): so that nobody loses
access overnight, each active authorisation of a buyer or verifier becomes a grant, from the day
it was given, with no end date — a buyer's for due diligence as an actual partner, a verifier's
for verification. The producer sees them on its sharing page and can narrow or revoke them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

_AS = {"buyer": ("actual_partner", ["due_diligence"]), "verifier": ("verifier", ["verification"])}


def forwards(apps: Any, schema_editor: Any) -> None:
    authorisation = apps.get_model("producers", "AssessorAuthorisation")
    grant = apps.get_model("sharing", "Grant")
    rows = authorisation.objects.filter(revoked_at__isnull=True, organisation__kind__in=list(_AS)).select_related(
        "organisation"
    )
    for row in rows:
        audience, purposes = _AS[row.organisation.kind]
        grant.objects.create(
            producer_id=row.producer_id,
            organisation_id=row.organisation_id,
            audience=audience,
            purposes=purposes,
            granted_on=row.granted_at.date(),
            granted_by_id=row.granted_by_id,
            granted_at=row.granted_at,
        )


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial"), ("producers", "0002_units")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
