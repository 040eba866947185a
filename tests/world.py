"""The small named world Django tests share, built in code (no fixtures files).

Organisations:
- ``esperanza``: a gold cooperative in Cauca, Colombia (producer). Alice owns it; Mateo is a
  manager, Maria a member, Victor a viewer.
- ``kalimbi``: an informal tin group in South Kivu, DRC (producer), owned by Oscar; nobody else
  is authorised.
- ``field``: a facilitator (Fran), authorised by ``esperanza`` to assess it.
- ``refiner``: a buyer (Bob); ``checkers``: a verifier (Vera); ``ministry``: an authority (Ana);
  ``steward``: the standard steward (Stella). None is authorised by anyone.

Every user's password is ``PASSWORD``. ``World.actor(name)`` gives the service-layer actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from passport.accounts.access import Actor
from passport.accounts.models import Membership, Organisation, User
from passport.producers.models import AssessorAuthorisation, Producer

PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only

# user name -> (organisation key, role)
PEOPLE = {
    "alice": ("esperanza", "owner"),
    "mateo": ("esperanza", "manager"),
    "maria": ("esperanza", "member"),
    "victor": ("esperanza", "viewer"),
    "oscar": ("kalimbi", "owner"),
    "fran": ("field", "owner"),
    "bob": ("refiner", "owner"),
    "vera": ("checkers", "owner"),
    "ana": ("ministry", "owner"),
    "stella": ("steward", "owner"),
}

ORGANISATIONS = {
    "esperanza": ("Cooperativa Minera La Esperanza", "producer", "CO"),
    "kalimbi": ("Groupe des creuseurs de Kalimbi", "producer", "CD"),
    "field": ("Alianza de Campo", "facilitator", "CO"),
    "refiner": ("Refinería del Sur", "buyer", "CH"),
    "checkers": ("Independent Checks Ltd", "verifier", "GB"),
    "ministry": ("Ministerio de Minas", "authority", "CO"),
    "steward": ("Standard Steward", "steward", ""),
}


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    producers: dict[str, Producer] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        user = self.users[name]
        org_key, role = PEOPLE[name]
        return Actor(user=user, organisation=self.orgs[org_key], role=role)


def build_world() -> World:
    world = World()
    for key, (name, kind, country) in ORGANISATIONS.items():
        world.orgs[key] = Organisation.objects.create(name=name, kind=kind, country=country)
    for name, (org_key, role) in PEOPLE.items():
        user = User.objects.create_user(email=f"{name}@example.org", password=PASSWORD, name=name.title())
        Membership.objects.create(user=user, organisation=world.orgs[org_key], role=role)
        world.users[name] = user
    world.producers["esperanza"] = Producer.objects.create(
        organisation=world.orgs["esperanza"],
        type="cooperative",
        commodities=["gold"],
        methods=["alluvial", "underground"],
        country="CO",
        subdivision="CO-CAU",
        municipality="Suárez",
        legal_status="in_formalisation",
    )
    world.producers["kalimbi"] = Producer.objects.create(
        organisation=world.orgs["kalimbi"],
        type="informal_group",
        commodities=["tin"],
        methods=["open_pit"],
        country="CD",
        subdivision="CD-SK",
        municipality="Kalehe",
        legal_status="informal",
    )
    AssessorAuthorisation.objects.create(
        producer=world.producers["esperanza"], organisation=world.orgs["field"], granted_by=world.users["alice"]
    )
    return world


def bearer(secret: str) -> dict[str, str]:
    """Test-client keyword arguments that send an API token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
