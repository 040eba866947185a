"""The demo world that ``manage.py demo --load`` (and so ``make demo``) puts in an empty database.

The three pilots of the 2017 Advisory Group notes (Afro-Colombian women ore selectors in
Cauca, alluvial excavators and panners in Tarazá, a cooperative with uneven practices in
Nariño) and a cassiterite group in South Kivu, with the organisations around them: a
facilitator in each country, a buyer and a mining authority. Every person, organisation and
place name of a group is fictional; the situations follow ``examples/*.yaml`` and the
sources named in their notes. Each producer gets a self-assessment answered from the closest
example file. Two are submitted through the assessments service, fully answered, so there are
results to open; the other two stay drafts with only the first modules answered
(``DRAFT_MODULES``), so resuming one shows progress and the questions still to answer.

Loading is all-or-nothing, and refuses any database that already holds organisations other
than the demo's (loading twice finds the demo and changes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from passport.accounts.access import Actor
from passport.accounts.models import Membership, Organisation, Role, User
from passport.accounts.services import create_organisation, register_user
from passport.assessments.models import Answer, Assessment, AssessmentKind, AssessmentStatus
from passport.assessments.services import submit_assessment
from passport.audit.services import record
from passport.engine import AnswersFile, PlanState, get_standard, read_answers
from passport.producers.models import (
    AssessorAuthorisation,
    Committee,
    CommitteeSeat,
    Meeting,
    Member,
    Producer,
    Site,
    Title,
)
from passport.standards.models import StandardVersion
from passport.standards.services import publish_standard

from .demo_plans import build_plans_and_units
from .demo_sharing import build_sharing

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
STANDARD_REF = "mes@1.0"
# The modules a demo draft has answered; the rest is left for the person trying the demo.
DRAFT_MODULES = frozenset({"M1", "M2"})
# One password for every demo login, printed by the command: the demo runs on a laptop.
DEMO_PASSWORD = "fair-markets-2026"  # noqa: S105 - printed on purpose, demo only


class DemoRefused(Exception):
    """The database holds other data: the demo loads only into an empty one."""


# --- The people and organisations ------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    language: str  # "" follows the browser


@dataclass(frozen=True)
class MemberSpec:
    name: str
    role: str
    gender: str
    age_band: str
    seat: str = ""  # role on the site's committee, if any


@dataclass(frozen=True)
class SiteSpec:
    name: str
    latitude: str
    longitude: str
    municipality: str
    description: str
    members: tuple[MemberSpec, ...]
    meeting: tuple[str, int, str, str] | None = None  # held on, attendees, minutes, decisions


@dataclass(frozen=True)
class ProducerSpec:
    # Texts shown to people (try_this) stay lazy: translated when printed, not at import.
    key: str
    organisation: str
    owner: Person
    example: str  # the examples/*.yaml file whose profile and answers this producer takes
    legal_status: str
    description: str
    sites: tuple[SiteSpec, ...]
    titles: tuple[tuple[str, str, str, str | None], ...] = ()  # kind, reference, issued by, valid from
    try_this: str | Promise = ""
    submitted: bool = False  # submit the self-assessment (as of the example's date) or leave it a draft


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    country: str
    owner: Person
    try_this: str | Promise
    authorised_by: tuple[str, ...] = ()  # producer keys


def _m(name: str, role: str, gender: str, age_band: str, seat: str = "") -> MemberSpec:
    return MemberSpec(name=name, role=role, gender=gender, age_band=age_band, seat=seat)


PRODUCERS: tuple[ProducerSpec, ...] = (
    ProducerSpec(
        key="cauca",
        organisation="Asociación de Seleccionadoras Piedra Viva",
        owner=Person("rosalba.mina@piedraviva.example", "Rosalba Mina Carabalí", "es"),
        example="co-cauca-ore-selectors.yaml",
        legal_status="in_formalisation",
        description="Afro-Colombian women who pick ore from a cooperative's waste rock near Suárez, "
        "crush and wash it by hand, and amalgamate only the concentrate in a shared retort. "
        "Fictional demo group.",
        sites=(
            SiteSpec(
                name="Escombrera La Ceiba",
                latitude="2.954100",
                longitude="-76.695800",
                municipality="Suárez",
                description="Waste-rock dumps below the cooperative's adits, by the river.",
                members=(
                    _m("Rosalba Mina Carabalí", "leader", "woman", "40_59", "President"),
                    _m("Yolanda Balanta Lucumí", "selector", "woman", "40_59", "Treasurer"),
                    _m("Maribel Carabalí Viveros", "selector", "woman", "25_39", "Secretary"),
                    _m("Luz Dary Popó Mina", "selector", "woman", "25_39"),
                    _m("Ana Tulia Lucumí Balanta", "selector", "woman", "60_plus"),
                    _m("Deyanira Viveros Ararat", "selector", "woman", "18_24"),
                    _m("Nelly Ararat Mosquera", "processor", "woman", "40_59", "Mercury and retort"),
                    _m("Sandra Mosquera Popó", "selector", "woman", "25_39"),
                    _m("Francisco Lucumí Mina", "transporter", "man", "40_59"),
                ),
                meeting=(
                    "2026-09-12",
                    14,
                    "Reviewed the self-assessment with the facilitator; children still come to the "
                    "dumps with their mothers.",
                    "A child-care rota at the community house on working days; no children on the "
                    "dumps from 1 November.",
                ),
            ),
        ),
        titles=(("registration", "Registro de mineros de subsistencia 2026-0412", "Alcaldía de Suárez", "2026-02-01"),),
        try_this=_(
            "Resume the draft self-assessment: the first two modules are answered; answer the rest, "
            "including the questions on children, and submit it."
        ),
    ),
    ProducerSpec(
        key="taraza",
        organisation="Asociación de Mineros Aluviales Quebrada Honda",
        owner=Person("wilmer.arango@quebradahonda.example", "Wílmer Arango Pino", "es"),
        example="co-taraza-alluvial.yaml",
        legal_status="in_formalisation",
        description="Panners and two excavator crews on the gravel bars of a river in Tarazá; no title "
        "yet, a formalisation request filed; starting to record every sale. Fictional demo group.",
        sites=(
            SiteSpec(
                name="Playón Quebrada Honda",
                latitude="7.579300",
                longitude="-75.401200",
                municipality="Tarazá",
                description="Gravel bars and terraces worked with pans, sluices and a rented excavator.",
                members=(
                    _m("Wílmer Arango Pino", "leader", "man", "40_59", "President"),
                    _m("Luz Marina Pino Durango", "panner", "woman", "40_59", "Treasurer"),
                    _m("Jhon Jairo Durango Sepúlveda", "excavator", "man", "25_39", "Safety"),
                    _m("Érika Sepúlveda Montoya", "panner", "woman", "25_39", "Secretary"),
                    _m("Over Montoya Arango", "excavator", "man", "18_24"),
                    _m("Rubiela Cardona Pino", "panner", "woman", "60_plus"),
                    _m("Yeison Cardona Durango", "excavator", "man", "18_24"),
                    _m("Gladys Úsuga Montoya", "panner", "woman", "40_59"),
                    _m("Albeiro Úsuga Cardona", "transporter", "man", "40_59"),
                ),
                meeting=(
                    "2026-08-30",
                    22,
                    "Read the formalisation request back to the members; agreed how to weigh and "
                    "record each day's gold.",
                    "A sales notebook kept by the treasurer; the excavator owner's fuel advances "
                    "written down with their terms.",
                ),
            ),
        ),
        titles=(("other", "Solicitud de formalización minera SF-2026-118", "Autoridad minera", "2026-03-15"),),
        try_this=_(
            "Resume the draft self-assessment: see what the formalisation request counts for under "
            "legitimacy, then answer the modules still empty."
        ),
    ),
    ProducerSpec(
        key="narino",
        organisation="Cooperativa Minera Nuevo Horizonte de La Llanada",
        owner=Person("aura.benavides@nuevohorizonte.example", "Aura Benavides Chamorro", "es"),
        example="co-narino-cooperative.yaml",
        legal_status="formal",
        description="An underground gold cooperative whose mining units work at very different levels; "
        "the leading units coach the others. Fictional demo cooperative.",
        sites=(
            SiteSpec(
                name="Bocamina San Isidro",
                latitude="1.472400",
                longitude="-77.583100",
                municipality="La Llanada",
                description="The cooperative's best unit: retort, timbered galleries, locked explosives store.",
                members=(
                    _m("Aura Benavides Chamorro", "leader", "woman", "40_59", "Manager"),
                    _m("Segundo Chamorro Erazo", "excavator", "man", "40_59", "Safety"),
                    _m("Jesús Erazo Guerrero", "excavator", "man", "25_39"),
                    _m("Doris Guerrero Benavides", "processor", "woman", "25_39", "Environment"),
                    _m("Hernán Rosero Erazo", "excavator", "man", "18_24"),
                ),
                meeting=(
                    "2026-09-05",
                    11,
                    "Compared practices with Bocamina El Diviso; its amalgam is still burnt in the open.",
                    "San Isidro lends its retort and trains El Diviso's processors before December.",
                ),
            ),
            SiteSpec(
                name="Bocamina El Diviso",
                latitude="1.466800",
                longitude="-77.577400",
                municipality="La Llanada",
                description="A unit still burning amalgam in the open, with partial ground support.",
                members=(
                    _m("Lidia Rosero Pantoja", "processor", "woman", "40_59"),
                    _m("Manuel Pantoja Guerrero", "excavator", "man", "25_39"),
                    _m("Franco Guerrero Rosero", "excavator", "man", "18_24"),
                    _m("Mercedes Erazo Pantoja", "selector", "woman", "60_plus"),
                ),
            ),
        ),
        titles=(("mining_title", "Contrato de concesión minera HK7-15241", "Agencia minera", "2014-06-10"),),
        try_this=_(
            "Open the submitted result, then your improvement plan: your buyer marked the mercury actions "
            "as priorities and is to sign. Units: the roll-up and benchmark of your two crews."
        ),
        submitted=True,
    ),
    ProducerSpec(
        key="kivu",
        organisation="Groupe des creuseurs de Mungwe",
        owner=Person("jeanpierre.bisimwa@mungwe.example", "Jean-Pierre Bisimwa Cirhuza", "fr"),
        example="cd-sud-kivu-fardc-taxing.yaml",
        legal_status="informal",
        description="Cassiterite diggers on hillside pits in Kalehe territory, South Kivu, where soldiers "
        "levy a charge on every bag: a risk the group must mitigate for buyers to keep buying. "
        "Fictional demo group.",
        sites=(
            SiteSpec(
                name="Colline Mungwe",
                latitude="-2.102500",
                longitude="28.913400",
                municipality="Kalehe",
                description="Open pits and trenches, reached on foot from the road; ore washed in the stream.",
                members=(
                    _m("Jean-Pierre Bisimwa Cirhuza", "leader", "man", "40_59", "Président"),
                    _m("Espérance Nabintu Mulume", "processor", "woman", "25_39", "Trésorière"),
                    _m("Innocent Cirhuza Balagizi", "excavator", "man", "25_39", "Sécurité"),
                    _m("Furaha Mapendo Zihindula", "transporter", "woman", "18_24"),
                    _m("Patient Balagizi Murhula", "excavator", "man", "18_24"),
                    _m("Aimée Murhula Nsimire", "processor", "woman", "40_59", "Secrétaire"),
                    _m("Bahati Zihindula Kabemba", "excavator", "man", "40_59"),
                    _m("Claude Kabemba Bisimwa", "transporter", "man", "25_39"),
                ),
                meeting=(
                    "2026-06-01",
                    35,
                    "Met with the territorial administration about the levy on bags of concentrate.",
                    "Adopted the mitigation plan: the levy reported each week to the administration and "
                    "the buyer; no sale through the soldiers' checkpoint.",
                ),
            ),
        ),
        try_this=_(
            "Open the submitted result: the soldiers' levy to mitigate, and the buyer's enhanced checks. Your "
            "plan with your facilitator is in force: the levy must be gone within six months of adoption. "
            "Sharing: a buyer asks to see your findings; accept, narrow or decline it."
        ),
        submitted=True,
    ),
)

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        key="facilitator_co",
        name="Fundación Territorios Mineros",
        kind="facilitator",
        country="CO",
        owner=Person("camila.restrepo@territoriosmineros.example", "Camila Restrepo Ochoa", "es"),
        try_this=_("Your portfolio: the three Colombian producers that authorised you."),
        authorised_by=("cauca", "taraza", "narino"),
    ),
    OrganisationSpec(
        key="facilitator_cd",
        name="Appui aux Creuseurs du Kivu",
        kind="facilitator",
        country="CD",
        owner=Person("esther.mwamini@appuikivu.example", "Esther Mwamini Kahindo", "fr"),
        try_this=_("Open the Mungwe group's result and the plan you agreed with them; record progress on its actions."),
        authorised_by=("kivu",),
    ),
    OrganisationSpec(
        key="buyer",
        name="Metales Andinos Trading S.A.S.",
        kind="buyer",
        country="CO",
        owner=Person("daniel.herrera@metalesandinos.example", "Daniel Herrera Salazar", ""),
        try_this=_(
            "Nuevo Horizonte authorised you to review it and shares its data with you: open its submitted "
            "result and the improvement plan it signed, then sign it too. In the directory, Mungwe has yet to "
            "answer your request for access."
        ),
        authorised_by=("narino",),
    ),
    OrganisationSpec(
        key="authority",
        name="Secretaría de Minas del Departamento",
        kind="authority",
        country="CO",
        owner=Person("patricia.gomez@secretariaminas.example", "Patricia Gómez Villa", "es"),
        try_this=_("Authorities see no producer's confidential data."),
    ),
)


# --- What loading returns --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    organisation: str
    kind: str
    role: str
    try_this: str | Promise


@dataclass(frozen=True)
class DemoPage:
    """A producer's demo self-assessment: the draft to resume, or the result once submitted."""

    producer: str  # organisation name
    submitted: bool
    uuid: str  # the draft assessment's, or the result's

    @property
    def route(self) -> str:
        return "assessments:result" if self.submitted else "assessments:overview"

    @property
    def label(self) -> str:
        return f"{'result' if self.submitted else 'draft self-assessment'} of {self.producer}"


@dataclass(frozen=True)
class DemoWorld:
    logins: tuple[DemoLogin, ...]
    producers: tuple[str, ...]  # organisation names
    drafts: tuple[str, ...]  # uuids of the self-assessments left in progress
    results: tuple[str, ...]  # uuids of the results of the submitted ones
    already_loaded: bool
    pages: Mapping[str, tuple[DemoPage, ...]]  # login email -> the demo pages that login may open


def demo_logins(*, password: str = DEMO_PASSWORD) -> tuple[DemoLogin, ...]:
    """Every login the demo creates: one owner per organisation."""
    logins = [DemoLogin(p.owner.email, password, p.organisation, "producer", Role.OWNER, p.try_this) for p in PRODUCERS]
    logins += [DemoLogin(o.owner.email, password, o.name, o.kind, Role.OWNER, o.try_this) for o in ORGANISATIONS]
    return tuple(logins)


def load_demo_world(*, password: str = DEMO_PASSWORD) -> DemoWorld:
    """Publish the standard and create the demo world, or find it already there.

    Raises ``DemoRefused`` if the database holds organisations that are not the demo's."""
    logins = demo_logins(password=password)
    producer_names = tuple(p.organisation for p in PRODUCERS)
    demo_names = {login.organisation for login in logins}
    existing = set(Organisation.objects.values_list("name", flat=True))
    if existing:
        if existing == demo_names and _owners_present(logins):
            return _found(logins, producer_names)
        example = sorted(existing - demo_names) or sorted(existing)
        raise DemoRefused(
            f"the database already holds {len(existing)} organisation(s) that are not the demo's "
            f"(e.g. {example[0]!r}); load the demo into an empty database (`make demo` recreates var/demo)"
        )
    with transaction.atomic():
        version = publish_standard(ref=STANDARD_REF)
        built = {spec.key: _build_producer(spec, password=password) for spec in PRODUCERS}
        for spec in ORGANISATIONS:
            _build_organisation(spec, producers=built, password=password)
        assessments = {spec.key: _self_assessment(spec, built[spec.key], version) for spec in PRODUCERS}
        record(
            actor=None,
            action="demo.loaded",
            object_type="demo",
            object_id=STANDARD_REF,
            detail={"organisations": len(logins), "producers": len(PRODUCERS)},
        )
        pages = {
            spec.organisation: (
                DemoPage(spec.organisation, True, str(_submit(spec, built[spec.key], assessments[spec.key])))
                if spec.submitted
                else DemoPage(spec.organisation, False, str(assessments[spec.key].uuid))
            )
            for spec in PRODUCERS
        }
        examples = {spec.key: read_example(spec.example) for spec in PRODUCERS if spec.key in ("kivu", "narino")}
        build_plans_and_units(
            producers=built,
            partners={o.key: Organisation.objects.get(name=o.name) for o in ORGANISATIONS},
            results={spec.key: pages[spec.organisation].uuid for spec in PRODUCERS if spec.submitted},
            answers={key: e.answers for key, e in examples.items()},
            assessed_on={key: e.assessed_on for key, e in examples.items()},
        )
        build_sharing(producers=built, partners={o.key: Organisation.objects.get(name=o.name) for o in ORGANISATIONS})
    return _world(logins, pages, already_loaded=False)


def _found(logins: tuple[DemoLogin, ...], producer_names: tuple[str, ...]) -> DemoWorld:
    mine = (
        Assessment.objects.filter(
            producer__organisation__name__in=producer_names, kind=AssessmentKind.SELF, unit__isnull=True
        )
        .select_related("producer__organisation", "result")
        .order_by("id")
    )
    pages: dict[str, DemoPage] = {}
    for assessment in mine:
        name = assessment.producer.organisation.name
        result = getattr(assessment, "result", None) if assessment.status == AssessmentStatus.SUBMITTED else None
        pages.setdefault(name, DemoPage(name, result is not None, str(result.uuid if result else assessment.uuid)))
    return _world(logins, pages, already_loaded=True)


def _world(logins: tuple[DemoLogin, ...], pages: Mapping[str, DemoPage], *, already_loaded: bool) -> DemoWorld:
    ordered = [pages[spec.organisation] for spec in PRODUCERS if spec.organisation in pages]
    return DemoWorld(
        logins=logins,
        producers=tuple(spec.organisation for spec in PRODUCERS),
        drafts=tuple(p.uuid for p in ordered if not p.submitted),
        results=tuple(p.uuid for p in ordered if p.submitted),
        already_loaded=already_loaded,
        pages=_pages_by_login(pages),
    )


def _pages_by_login(pages: Mapping[str, DemoPage]) -> dict[str, tuple[DemoPage, ...]]:
    """The demo pages each login may open, as the assessments' reading rule has it: a producer's
    owner its own; a facilitator the drafts and results of the producers that authorised it; a
    buyer or verifier their results only (a producer's draft is not the buyer's to read)."""
    by_key = {spec.key: pages.get(spec.organisation) for spec in PRODUCERS}
    found = {spec.owner.email: tuple(p for p in (pages.get(spec.organisation),) if p) for spec in PRODUCERS}
    for org in ORGANISATIONS:
        authorised = [by_key[key] for key in org.authorised_by]
        found[org.owner.email] = tuple(
            p for p in authorised if p is not None and (p.submitted or org.kind == "facilitator")
        )
    return found


def _owners_present(logins: Iterable[DemoLogin]) -> bool:
    emails = {login.email for login in logins}
    return Membership.objects.filter(user__email__in=emails, role=Role.OWNER).count() == len(emails)


# --- Building --------------------------------------------------------------------------------


def _register(person: Person, password: str) -> User:
    return register_user(email=person.email, name=person.name, password=password, language=person.language)


def _build_producer(spec: ProducerSpec, *, password: str) -> Producer:
    """The organisation, its owner, its profile (from the example file), sites, members, committee."""
    example = read_example(spec.example)
    owner = _register(spec.owner, password)
    profile = example.producer
    org = create_organisation(user=owner, name=spec.organisation, kind="producer", country=profile.country or "")
    # Written directly until passport.producers.services.register_producer lands; switching is
    # one call with the same fields.
    producer = Producer.objects.create(
        organisation=org,
        type=profile.type,
        subtype=profile.subtype or "",
        commodities=sorted(profile.commodities),
        methods=sorted(profile.methods),
        country=profile.country or "",
        subdivision=profile.subdivision or "",
        municipality=profile.municipality or "",
        legal_status=spec.legal_status,
        description=spec.description,
    )
    for kind, reference, issued_by, valid_from in spec.titles:
        Title.objects.create(
            producer=producer,
            kind=kind,
            reference=reference,
            issued_by=issued_by,
            valid_from=dt.date.fromisoformat(valid_from) if valid_from else None,
        )
    for site_spec in spec.sites:
        _build_site(producer, site_spec, subdivision=profile.subdivision or "")
    return producer


def _build_site(producer: Producer, spec: SiteSpec, *, subdivision: str) -> Site:
    site = Site.objects.create(
        producer=producer,
        name=spec.name,
        latitude=Decimal(spec.latitude),
        longitude=Decimal(spec.longitude),
        subdivision=subdivision,
        municipality=spec.municipality,
        description=spec.description,
    )
    members = [
        Member.objects.create(
            producer=producer, site=site, name=m.name, role=m.role, gender=m.gender, age_band=m.age_band
        )
        for m in spec.members
    ]
    seated = [(member, m.seat) for member, m in zip(members, spec.members, strict=True) if m.seat]
    if spec.meeting is None and not seated:
        return site
    held_on = dt.date.fromisoformat(spec.meeting[0]) if spec.meeting else None
    committee = Committee.objects.create(site=site, formed_on=held_on - dt.timedelta(days=120) if held_on else None)
    for member, seat in seated:
        CommitteeSeat.objects.create(committee=committee, member=member, role=seat)
    if spec.meeting is not None:
        _, attendees, minutes, decisions = spec.meeting
        Meeting.objects.create(
            committee=committee, held_on=held_on, attendees=attendees, minutes=minutes, decisions=decisions
        )
    return site


def _build_organisation(spec: OrganisationSpec, *, producers: Mapping[str, Producer], password: str) -> Organisation:
    owner = _register(spec.owner, password)
    org = create_organisation(user=owner, name=spec.name, kind=spec.kind, country=spec.country)
    for key in spec.authorised_by:
        producer = producers[key]
        # Granted by the producer's owner, as passport.producers' authorise_assessor will do.
        granted_by = Membership.objects.get(organisation=producer.organisation, role=Role.OWNER).user
        AssessorAuthorisation.objects.create(producer=producer, organisation=org, granted_by=granted_by)
    return org


def _self_assessment(spec: ProducerSpec, producer: Producer, version: StandardVersion) -> Assessment:
    """A self-assessment in progress, answered as in the example file: fully if it is to be
    submitted, only in ``DRAFT_MODULES`` if it stays a draft.

    The answers are written directly, as the example's owner: they come from a checked file,
    and save_answers would add one audit entry per answer to a world nobody typed in."""
    example = read_example(spec.example)
    answers = example.answers if spec.submitted else draft_answers(example)
    owner = Membership.objects.get(organisation=producer.organisation, role=Role.OWNER).user
    assessment = Assessment.objects.create(
        producer=producer,
        standard=version,
        kind=AssessmentKind.SELF,
        conducted_by=producer.organisation,
        started_by=owner,
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator_id=indicator_id,
            value=_json_value(value),
            answered_by=owner,
            answered_for=producer.organisation,
        )
        for indicator_id, value in answers.items()
    )
    return assessment


def draft_answers(example: AnswersFile) -> dict[str, Any]:
    """The example's answers to the questions of ``DRAFT_MODULES`` only."""
    standard = get_standard(STANDARD_REF)
    module_of = {i.id: r.module.id for r in standard.requirements for i in r.indicators}
    return {ident: value for ident, value in example.answers.items() if module_of.get(ident) in DRAFT_MODULES}


def _submit(spec: ProducerSpec, producer: Producer, assessment: Assessment) -> object:
    """Submit through the service, as the owner, on the example's date; the result's uuid."""
    as_of = read_example(spec.example).assessed_on
    return submit_assessment(actor=owner_actor(producer), assessment_uuid=assessment.uuid, as_of=as_of).uuid


def owner_actor(producer: Producer) -> Actor:
    """The producer's owner acting for it (what a submission on the owner's behalf would use)."""
    membership = Membership.objects.select_related("user", "organisation").get(
        organisation=producer.organisation, role=Role.OWNER
    )
    return Actor.for_membership(membership, user=membership.user)


def example_plans(producer_name: str) -> Mapping[str, PlanState]:
    """The plan states of the example behind a demo producer (plans are not stored yet)."""
    spec = next(p for p in PRODUCERS if p.organisation == producer_name)
    return read_example(spec.example).plans


def read_example(name: str) -> AnswersFile:
    """The parsed example answers file ``examples/<name>``, checked to answer the demo's standard."""
    example = read_answers(EXAMPLES_DIR / name)
    if example.standard_ref != STANDARD_REF:
        raise DemoRefused(f"{name}: answers {example.standard_ref}, the demo uses {STANDARD_REF}")
    get_standard(STANDARD_REF)  # fails loudly here, not half-way, if the standard does not load
    return example


def _json_value(value: Any) -> Any:
    """Answers as stored in JSON: dates as ISO text (the engine reads both)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    return value


def page_to_try(name: str, **kwargs: Any) -> str | None:
    """A page's path if the site has it (some pages are still being built)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
