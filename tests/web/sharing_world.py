"""The sharing audiences on top of ``tests/world.py``, planted producer data, and the site's routes
enumerated with the objects each one names — for the site-wide sharing tests
(``test_sharing_matrix.py``, ``test_sharing_canaries.py``, ``test_object_references.py``).

Audiences towards esperanza (``build_sharing_world``):

| audience | who | why |
|---|---|---|
| ``producer`` | alice | owns esperanza |
| ``facilitator`` | fran | ``field`` is esperanza's authorised facilitator |
| ``actual_partner`` | bob | ``refiner`` holds an actual-partner grant for due diligence |
| ``verifier`` | vera | ``checkers`` holds a verifier grant for verification |
| ``prospective_partner`` | pia | ``andina`` (new buyer) holds a prospective-partner grant for sourcing |
| ``authority`` | ana | ``ministry`` holds an authority grant for statistics |
| ``expired`` | luis | ``lapsed`` (new buyer) held a partner grant that ended a month ago |
| ``revoked`` | remy | ``revoked`` (new buyer) held a partner grant, revoked a week ago |
| ``listed`` | nosy | ``nosy`` (new buyer) holds nothing; esperanza is in the public directory |
| ``none`` | oscar | kalimbi's owner: esperanza does not exist for him |
| ``anonymous`` | — | not signed in |

A listing makes a producer known to *every* signed-in organisation, so ``oscar`` cannot be
``none`` in a world where esperanza is listed: the listing is made only for the ``listed``
audience's cases (``Seat.listed``).

``plant(world, producer_key, tag)`` gives a producer one of every kind of data, each holding a
unique value (``canaries(tag)``) that a test searches the rendered bytes for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from passport.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from passport.accounts.tokens import hash_secret, new_secret
from passport.assessments import services as assessments
from passport.assessments.tests.builders import DAY, example_answers, pdf_bytes, upload
from passport.engine import PLATFORM_FIELDS, FieldRule, get_standard, tightened
from passport.notifications.services import notify
from passport.plans.models import ActionEvidence, Comment, PlanAction, PlanVersion, ProgressNote
from passport.plans.tests.progress_builders import MITIGATE, adopted_plan
from passport.producers.clock import local_today
from passport.producers.models import Committee, CommitteeSeat, Meeting, Member, Site, Title, Unit, UnitExclusion
from passport.sharing.models import AccessRequest, DirectoryListing, Grant
from passport.site.api import api
from tests.world import PASSWORD, PEOPLE, World, build_world

# --- The audiences --------------------------------------------------------------------------

# New organisations: key -> (name, kind, country, its one person)
NEW_ORGANISATIONS = {
    "andina": ("Comercializadora Andina", "buyer", "CO", "pia"),
    "nosy": ("Metales Curiosos S.A.S.", "buyer", "CO", "nosy"),
    "lapsed": ("Oro del Pasado Ltda.", "buyer", "PE", "luis"),
    "revoked": ("Fundición del Valle", "buyer", "CO", "remy"),
}
NEW_PEOPLE = {person: org for org, (_name, _kind, _country, person) in NEW_ORGANISATIONS.items()}


@dataclass(frozen=True)
class Seat:
    """One audience towards esperanza: who looks (``None``: anonymous), and whether esperanza is
    listed in the directory for that look."""

    user: str | None
    listed: bool = False


AUDIENCES: dict[str, Seat] = {
    "producer": Seat("alice"),
    "facilitator": Seat("fran"),
    "actual_partner": Seat("bob"),
    "verifier": Seat("vera"),
    "prospective_partner": Seat("pia"),
    "authority": Seat("ana"),
    "expired": Seat("luis"),
    "revoked": Seat("remy"),
    "listed": Seat("nosy", listed=True),
    "none": Seat("oscar"),
    "anonymous": Seat(None),
}
INSIDE = frozenset({"producer", "facilitator"})
GRANTED = frozenset({"actual_partner", "verifier", "prospective_partner", "authority"})
PUBLIC_KNOWN = frozenset({"expired", "revoked", "listed"})  # may know esperanza, see public fields only
SIGNED_IN = frozenset(AUDIENCES) - {"anonymous"}


def add_organisation(world: World, key: str) -> None:
    name, kind, country, person = NEW_ORGANISATIONS[key]
    org = Organisation.objects.create(name=name, kind=kind, country=country)
    user = User.objects.create_user(email=f"{person}@example.org", password=PASSWORD, name=person.title())
    Membership.objects.create(user=user, organisation=org, role="owner")
    world.orgs[key] = org
    world.users[person] = user


def give(
    world: World,
    org_key: str,
    audience: str,
    purposes: Iterable[str],
    *,
    producer_key: str = "esperanza",
    granted_on: dt.date | None = None,
    until: dt.date | None = None,
    revoked_on: dt.date | None = None,
) -> Grant:
    producer = world.producers[producer_key]
    return Grant.objects.create(
        producer=producer,
        organisation=world.orgs[org_key],
        audience=audience,
        purposes=list(purposes),
        granted_on=granted_on or local_today(producer),
        until=until,
        revoked_on=revoked_on,
        granted_by=producer.organisation.memberships.get(role="owner").user,
    )


def build_sharing_world(*, listed: bool = False) -> World:
    """``build_world()`` with the audiences of the table above (esperanza listed if ``listed``)."""
    world = build_world()
    for key in NEW_ORGANISATIONS:
        add_organisation(world, key)
    today = local_today(world.producers["esperanza"])
    give(world, "refiner", "actual_partner", ["due_diligence"])
    give(world, "checkers", "verifier", ["verification"])
    give(world, "ministry", "authority", ["statistics"])
    give(world, "andina", "prospective_partner", ["sourcing"])
    ago = today - dt.timedelta(days=90)
    give(world, "lapsed", "actual_partner", ["due_diligence"], granted_on=ago, until=today - dt.timedelta(days=30))
    give(world, "revoked", "actual_partner", ["due_diligence"], granted_on=ago, revoked_on=today - dt.timedelta(days=7))
    if listed:
        list_in_directory(world)
    return world


def list_in_directory(world: World, producer_key: str = "esperanza") -> DirectoryListing:
    producer = world.producers[producer_key]
    return DirectoryListing.objects.create(producer=producer, listed_by=producer.organisation.memberships.first().user)  # type: ignore[union-attr]


def organisation_of(world: World, user: str) -> Organisation:
    key = PEOPLE[user][0] if user in PEOPLE else NEW_PEOPLE[user]
    return world.orgs[key]


# --- Planted data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Canary:
    """A planted value: what it is, the field that rules it, and how it shows in bytes."""

    what: str
    key: str
    """A platform field key (``PLATFORM_FIELDS``) or ``answers.<indicator id>``."""
    pattern: re.Pattern[bytes]

    def rule(self, settings: Mapping[str, str]) -> FieldRule:
        """The field's rule with the producer's tightenings (``settings``: key → sensitivity), as
        docs/sharing.md says: answers by their indicator, tightened by ``assessment.answers``."""
        if self.key.startswith("answers."):
            indicator = _indicators()[self.key.removeprefix("answers.")]
            return tightened(FieldRule(self.key, indicator.visibility), settings.get("assessment.answers"))
        return tightened(PLATFORM_FIELDS[self.key], settings.get(self.key))

    def found_in(self, body: bytes) -> bool:
        return self.pattern.search(body) is not None


def _indicators() -> dict[str, Any]:
    standard = get_standard("mes@1.0")
    return {i.id: i for r in standard.requirements for i in r.indicators}


def _text(what: str, key: str, value: str) -> Canary:
    return Canary(what, key, re.compile(re.escape(value.encode())))


def _number(what: str, key: str, value: str) -> Canary:
    """A number as pages and JSON may write it: its decimal point a dot or a comma, not inside
    another number or a uuid."""
    whole, _, decimals = value.partition(".")
    body = (re.escape(whole) + ("[.,]" + re.escape(decimals) if decimals else "")).encode()
    return Canary(what, key, re.compile(rb"(?<![0-9A-Za-z.,])" + body + rb"(?![0-9A-Za-z])"))


# The planted values of each producer (a tag per producer keeps them apart). Text is ASCII
# letters only, so HTML and JSON escaping leave it as it is.
NUMBERS = {
    "esperanza": {"lat": "2.718281", "lon": "-76.314159", "workers": "4817", "output": "617.43", "mercury": "83.71"},
    "kalimbi": {"lat": "-2.141421", "lon": "28.173205", "workers": "5923", "output": "721.59", "mercury": "91.37"},
}
REGION_KEY = "producer.region"
DESCRIPTION_KEY = "assessment.answers"  # docs/registry.md: the description goes with the profile
SITE_NAME_KEY = "sites.coordinates"  # docs/registry.md: a site's name is as sensitive as where it is


def canaries(producer_key: str) -> dict[str, Canary]:
    tag = "Esp" if producer_key == "esperanza" else "Kal"
    n = NUMBERS[producer_key]
    found = [
        _text("name (public)", "producer.name", f"Qz{tag}Name"),
        _text("municipality (public region)", REGION_KEY, f"Qz{tag}Municipio"),
        _text("producer description", DESCRIPTION_KEY, f"Qz{tag}Description"),
        _text("title reference", "titles", f"Qz{tag}TitleRef"),
        _text("site name", SITE_NAME_KEY, f"Qz{tag}SiteName"),
        _number("site latitude", "sites.coordinates", n["lat"].lstrip("-")),
        _number("site longitude", "sites.coordinates", n["lon"].lstrip("-")),
        _text("member name", "members.personal", f"Qz{tag}Membername"),
        _text("committee seat holder", "members.personal", f"Qz{tag}Seatholder"),
        _text("committee seat role", "members.personal", f"Qz{tag}SeatRole"),
        _text("meeting minutes", "members.personal", f"Qz{tag}Minutes"),
        _text("meeting decisions", "members.personal", f"Qz{tag}Decisions"),
        _text("unit name", "units.names", f"Qz{tag}UnitName"),
        _text("exclusion reason", "exclusions.reasons", f"Qz{tag}ExclusionWhy"),
        _text("evidence file name", "evidence.files", f"Qz{tag}Evidence"),
        _text("evidence description", "evidence.files", f"Qz{tag}EvidenceNote"),
        _text("evidence file content", "evidence.files", f"Qz{tag}FileBytes"),
        _text("partners free-text answer", "answers.site_description", f"Qz{tag}SiteDescription"),
        _number("partners integer answer", "answers.workers_count", n["workers"]),
        _number("partners decimal answer", "answers.declared_monthly_output_g", n["output"]),
        _number("confidential decimal answer", "answers.hg_kg_per_month", n["mercury"]),
        _text("plan comment", "plans", f"Qz{tag}PlanComment"),
        _text("plan done-means", "plans", f"Qz{tag}DoneMeans"),
        _text("progress note", "plans", f"Qz{tag}ProgressNote"),
        _text("progress evidence file name", "evidence.files", f"Qz{tag}ActionFile"),
        _text("progress evidence file content", "evidence.files", f"Qz{tag}ActionBytes"),
        _text("action owner", "members.personal", f"Qz{tag}Ownername"),
    ]
    return {c.what: c for c in found}


def _unique_pdf(marker: str) -> bytes:
    """A PDF whose bytes (and so SHA-256) hold ``marker``: a downloaded file is searched too."""
    return pdf_bytes() + f"%{marker}\n".encode()


def body(response: Any) -> bytes:
    """A response's bytes, streamed (a file download) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def plant(world: World, producer_key: str, *, partner: str) -> dict[str, Any]:
    """One of every kind of ``producer_key``'s data holding ``canaries(producer_key)``; returns the
    objects routes name (see ``OBJECT_FOR``). ``partner``: the organisation of the plan (it is
    authorised to assess the producer if it is not already)."""
    tag = "Esp" if producer_key == "esperanza" else "Kal"
    n = NUMBERS[producer_key]
    producer = world.producers[producer_key]
    owner = producer.organisation.memberships.get(role="owner").user
    owner_name = next(name for name, u in world.users.items() if u == owner)
    actor = world.actor(owner_name)
    producer.organisation.name = f"Cooperativa Qz{tag}Name"
    producer.organisation.save(update_fields=["name"])
    producer.municipality = f"Qz{tag}Municipio"
    producer.description = f"Qz{tag}Description of the cooperative's work."
    producer.save(update_fields=["municipality", "description"])

    title = Title.objects.create(
        producer=producer, kind="permit", reference=f"Qz{tag}TitleRef", issued_by="Agencia Nacional de Minería"
    )
    site = Site.objects.create(
        producer=producer, name=f"Qz{tag}SiteName", latitude=Decimal(n["lat"]), longitude=Decimal(n["lon"])
    )
    member = Member.objects.create(producer=producer, site=site, name=f"Qz{tag}Membername", role="panner")
    seated = Member.objects.create(producer=producer, site=site, name=f"Qz{tag}Seatholder", role="leader")
    committee = Committee.objects.create(site=site, formed_on=dt.date(2025, 3, 1))
    CommitteeSeat.objects.create(committee=committee, member=seated, role=f"Qz{tag}SeatRole")
    Meeting.objects.create(
        committee=committee,
        held_on=dt.date(2025, 4, 1),
        attendees=9,
        minutes=f"Qz{tag}Minutes",
        decisions=f"Qz{tag}Decisions",
    )
    unit = Unit.objects.create(producer=producer, name=f"Qz{tag}UnitName", kind="crew")
    UnitExclusion.objects.create(unit=unit, excluded_on=dt.date(2026, 3, 1), reason=f"Qz{tag}ExclusionWhy")

    examples = {"esperanza": "co-narino-cooperative", "kalimbi": "cd-sud-kivu-fardc-taxing"}
    answers = {**example_answers(examples[producer_key], producer), **(MITIGATE if producer_key == "esperanza" else {})}
    asked = _applicable(producer)
    planted = {
        "site_description": f"Qz{tag}SiteDescription",
        "workers_count": int(n["workers"]),
        "declared_monthly_output_g": float(n["output"]),
        "hg_kg_per_month": float(n["mercury"]),
    }
    answers.update({k: v for k, v in planted.items() if k in asked})

    def assessment() -> Any:
        made = assessments.start_assessment(actor=actor, producer_uuid=producer.uuid, kind="self")
        assessments.save_answers(actor=actor, assessment_uuid=made.uuid, answers=answers)
        evidence = assessments.attach_evidence(
            actor=actor,
            assessment_uuid=made.uuid,
            requirement_id="MES-ORG-01",
            uploaded_file=upload(_unique_pdf(f"Qz{tag}FileBytes"), f"Qz{tag}Evidence.pdf", "application/pdf"),
            description=f"Qz{tag}EvidenceNote",
        )
        return made, evidence

    submitted, evidence = assessment()
    result = assessments.submit_assessment(actor=actor, assessment_uuid=submitted.uuid, as_of=DAY)
    draft, draft_evidence = assessment()

    owner_member = Member.objects.create(producer=producer, name=f"Qz{tag}Ownername", role="leader")
    plan = adopted_plan(world, producer=producer_key, partner=partner, source=result, owner=owner_member)
    version = PlanVersion.objects.get(plan=plan, number=1)
    action = PlanAction.objects.filter(version=version, mandatory=True).order_by("position").first()
    assert action is not None, f"{producer_key}'s planted result has no finding to mitigate"
    PlanAction.objects.filter(pk=action.pk).update(done_means=f"Qz{tag}DoneMeans")
    Comment.objects.create(
        version=version, text=f"Qz{tag}PlanComment", author=owner, organisation=producer.organisation
    )
    note = ProgressNote.objects.create(
        plan=plan,
        requirement_id=action.requirement_id,
        status="in_progress",
        note=f"Qz{tag}ProgressNote",
        author=owner,
        organisation=producer.organisation,
    )
    content = _unique_pdf(f"Qz{tag}ActionBytes")
    sha = hashlib.sha256(content).hexdigest()
    evidence_row = ActionEvidence(
        note=note,
        original_name=f"Qz{tag}ActionFile.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=sha,
        uploaded_by=owner,
    )
    evidence_row.file.save(f"{sha}.pdf", ContentFile(content), save=True)
    return {
        "producer": producer,
        "organisation": producer.organisation,
        "title": title,
        "site": site,
        "member": member,
        "seated": seated,
        "unit": unit,
        "assessment": submitted,
        "draft": draft,
        "evidence": evidence,
        "draft_evidence": draft_evidence,
        "result": result,
        "plan": plan,
        "version": version,
        "action": action,
        "requirement_id": action.requirement_id,
        "action_evidence": evidence_row,
        "module_id": tuple(m.id for m in get_standard("mes@1.0").modules),
        "field_key": "titles",
        **_organisation_rows(producer.organisation, owner),
    }


def _organisation_rows(org: Organisation, owner: User) -> dict[str, Any]:
    """The producer organisation's own rows that pages name by uuid: a person, an invitation, an
    API token, a notification."""
    invitation = Invitation.objects.create(
        organisation=org,
        email=f"invited-{org.pk}@example.org",
        role="member",
        token_hash=hash_secret(new_secret()),
        invited_by=owner,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    secret = new_secret()
    token = ApiToken.objects.create(
        organisation=org, name="field app", prefix=secret[:8], token_hash=hash_secret(secret), created_by=owner
    )
    told = notify(recipient=owner, key=f"test:{org.pk}", subject="Deadline approaching", body="Due.", link="/")
    return {"user": owner, "invitation": invitation, "api_token": token, "notification": told}


def _applicable(producer: Any) -> set[str]:
    from passport.engine import applicable_requirements  # noqa: PLC0415
    from passport.producers.access import engine_profile  # noqa: PLC0415

    standard = get_standard("mes@1.0")
    return {i.id for r in applicable_requirements(standard, engine_profile(producer)) for i in r.indicators}


def sharing_rows(world: World, producer_key: str, org_key: str) -> dict[str, Any]:
    """A grant of ``producer_key`` to ``org_key`` and a request from it, for the sharing routes
    that name one (made after ``plant``)."""
    producer = world.producers[producer_key]
    grant = give(world, org_key, "actual_partner", ["due_diligence"], producer_key=producer_key)
    request = AccessRequest.objects.create(
        producer=producer,
        organisation=world.orgs[org_key],
        requested_by=world.orgs[org_key].memberships.first().user,  # type: ignore[union-attr]
        audience="actual_partner",
        purposes=["due_diligence"],
        message="We would like to read your assessment.",
    )
    return {"grant": grant, "access_request": request}


# --- The routes and the objects they name ----------------------------------------------------

# Namespaces whose routes are about one producer's data: every one of their routes is covered.
PRODUCER_NAMESPACES = ("producers", "assessments", "plans", "sharing")

# A URL or API path parameter -> the ``plant`` object it names, by default ...
OBJECT_FOR = {
    "producer_uuid": "producer",
    "organisation_uuid": "organisation",
    "title_uuid": "title",
    "site_uuid": "site",
    "member_uuid": "member",
    "unit_uuid": "unit",
    "result_uuid": "result",
    "plan_uuid": "plan",
    "version_uuid": "version",
    "action_uuid": "action",
    "evidence_uuid": "action_evidence",
    "requirement_id": "requirement_id",
    "module_id": "module_id",
    "request_uuid": "access_request",
    "grant_uuid": "grant",
    "key": "field_key",
    "user_uuid": "user",
    "invitation_uuid": "invitation",
    "token_uuid": "api_token",
}
# ... and where a name means different things: (route name or operation id, parameter) -> the
# objects to try (every one is rendered by the canary test).
OBJECT_FOR_ROUTE = {
    ("assessments:overview", "uuid"): ("assessment", "draft"),
    ("assessments:module", "uuid"): ("assessment", "draft"),
    ("assessments:submit", "uuid"): ("draft",),
    ("assessments:evidence", "uuid"): ("evidence", "draft_evidence"),
    ("assessments:result", "uuid"): ("result",),
    ("get_assessment", "uuid"): ("assessment", "draft"),
    ("save_answers", "uuid"): ("draft",),
    ("submit_assessment", "uuid"): ("draft",),
    ("get_result", "uuid"): ("result",),
    ("list_producer_assessments", "uuid"): ("producer",),
    ("list_producer_results", "uuid"): ("producer",),
    ("notifications:read", "uuid"): ("notification",),
}
HOW_TO_ADD = (
    "add the object it names to OBJECT_FOR or OBJECT_FOR_ROUTE in tests/web/sharing_world.py "
    "(and build it in plant() if it is a new kind of object)"
)

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_API_PARAM = re.compile(r"{(?P<name>\w+)}")


@dataclass(frozen=True)
class Route:
    """A page (``name`` is the URL name) or an API operation (``name`` is its operation id)."""

    name: str
    method: str
    """"GET" for pages (a POST-only page answers a GET with 405); the API operation's method."""
    template: str
    """The URL with ``{param}`` placeholders."""
    params: tuple[str, ...]
    uuid_params: tuple[str, ...]
    api: bool

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if not self.api else "api"

    def objects_for(self, param: str) -> tuple[str, ...]:
        if (self.name, param) in OBJECT_FOR_ROUTE:
            return OBJECT_FOR_ROUTE[(self.name, param)]
        if param in OBJECT_FOR:
            return (OBJECT_FOR[param],)
        raise LookupError(f"{self.name}: no object for its parameter '{param}'; {HOW_TO_ADD}")

    def urls(self, objects: Mapping[str, Any]) -> list[str]:
        """The route's URLs for ``objects`` (one per combination of the objects it may name)."""
        combos: list[dict[str, str]] = [{}]
        for param in self.params:
            choices = [as_param(v) for key in self.objects_for(param) for v in _each(objects[key])]
            combos = [{**c, param: v} for c in combos for v in choices]
        return [self.template.format(**c) for c in combos]


def _each(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def first(value: Any) -> Any:
    return _each(value)[0]


def as_param(value: Any) -> str:
    return str(getattr(value, "uuid", value))


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterable[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern, inner or namespace, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".lstrip(":"), prefix + str(pattern.pattern)


def pages() -> dict[str, Route]:
    """Every named URL of the site but the API's: its operations are in ``operations``, and its
    own documents (the OpenAPI file, its viewer, its root) name nothing."""
    found = {}
    for name, raw in _walk(get_resolver()):
        if name.startswith("api:"):
            continue
        params = tuple(m["name"] for m in _PARAM.finditer(raw))
        uuids = tuple(m["name"] for m in _PARAM.finditer(raw) if m["converter"] == "uuid")
        template = "/" + _PARAM.sub(lambda m: "{" + m["name"] + "}", raw).lstrip("^").rstrip("$")
        found[name] = Route(name, "GET", template, params, uuids, api=False)
    return found


def operations() -> dict[str, Route]:
    """Every operation of the API, from its OpenAPI document (generated from the routers that serve it)."""
    schema = api.get_openapi_schema()
    found = {}
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            params = tuple(m["name"] for m in _API_PARAM.finditer(path))
            uuids = tuple(
                p["name"]
                for p in op.get("parameters", [])
                if p.get("in") == "path" and p.get("schema", {}).get("format") == "uuid"
            )
            found[op["operationId"]] = Route(op["operationId"], method.upper(), path, params, uuids, api=True)
    return found


# --- What a write sends: the apps' tables know each form's data and each operation's body -------

ROUTE_TABLES = (
    "passport.producers.tests.routes",
    "passport.assessments.tests.routes",
    "passport.plans.tests.routes",
    "passport.plans.tests.progress_routes",
    "passport.sharing.tests.routes",
)


# Form data naming one of the planted objects (the app's table names esperanza's own).
DATA_FOR = {"producers:seat_remove": lambda objects: {"member": str(objects["seated"].uuid)}}


def post_data(route: Route, world: World, objects: Mapping[str, Any]) -> dict[str, Any]:
    """The form data the route's app table posts (``data(world)``), or nothing."""
    if route.name in DATA_FOR:
        return DATA_FOR[route.name](objects)
    tables = {
        f"accounts:{n}": spec for n, spec in importlib.import_module("passport.accounts.tests.routes").ROUTES.items()
    }
    for module in ROUTE_TABLES:
        tables.update(importlib.import_module(module).ROUTES)
    spec = tables.get(route.name, {})
    return spec["data"](world) if "data" in spec else {}


def api_body(route: Route, world: World, objects: Mapping[str, Any]) -> str:
    """The JSON body the API table (tests/web/test_every_route.py) sends, built on ``objects``."""
    from tests.web.test_every_route import API  # noqa: PLC0415 - the table is built on import

    spec = API.get(route.name)
    if spec is None or spec.body is None:
        return "{}"
    return json.dumps(spec.body(world, {**objects, "esperanza": objects["producer"]}))


def about_a_producer(route: Route) -> bool:
    """Pages of the producer namespaces, and API operations with a path parameter (every one of
    them names a producer's object but ``get_organisation``, which names an organisation)."""
    if route.api:
        return bool(route.params)
    return route.namespace in PRODUCER_NAMESPACES
