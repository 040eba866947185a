"""The producer registry. A producer is an organisation of kind ``producer`` with one profile.

Types, commodities and methods use the standard's identifiers (``mes@1.0``), so the profile
feeds the engine's applicability rules without translation.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Organisation, User


class ProducerType(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    INFORMAL_GROUP = "informal_group", _("Informal group")
    INDIVIDUAL = "individual", _("Individual miner")
    AGGREGATOR = "aggregator", _("Aggregator")
    PROCESSING_PLANT = "processing_plant", _("Processing plant")


class IndividualSubtype(models.TextChoices):
    BAREQUERO = "barequero", _("Barequero (alluvial panner)")
    ORE_SELECTOR = "ore_selector", _("Ore selector")


class Commodity(models.TextChoices):
    GOLD = "gold", _("Gold")
    TIN = "tin", _("Tin")
    TANTALUM = "tantalum", _("Tantalum")
    TUNGSTEN = "tungsten", _("Tungsten")
    COBALT = "cobalt", _("Cobalt")
    GEMSTONES = "gemstones", _("Gemstones")


class Method(models.TextChoices):
    ALLUVIAL = "alluvial", _("Alluvial")
    OPEN_PIT = "open_pit", _("Open pit")
    UNDERGROUND = "underground", _("Underground")
    TAILINGS = "tailings", _("Tailings / ore selection")


class LegalStatus(models.TextChoices):
    FORMAL = "formal", _("Formal (titled and registered)")
    IN_FORMALISATION = "in_formalisation", _("In formalisation")
    INFORMAL = "informal", _("Informal")


class Producer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="producer")
    type = models.CharField(_("type"), max_length=20, choices=ProducerType.choices)
    subtype = models.CharField(_("subtype"), max_length=20, choices=IndividualSubtype.choices, blank=True)
    commodities = models.JSONField(_("commodities"), default=list)
    methods = models.JSONField(_("mining methods"), default=list)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2, e.g. CO"))
    subdivision = models.CharField(_("subdivision"), max_length=6, blank=True, help_text=_("ISO 3166-2, e.g. CO-CAU"))
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["organisation__name", "id"]
        indexes: ClassVar = [
            # Producer lists filter by country and region.
            models.Index(fields=["country", "subdivision"], name="producer_region"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(type__in=ProducerType.values), name="producer_type_valid"),
            models.CheckConstraint(
                condition=models.Q(subtype="")
                | models.Q(type=ProducerType.INDIVIDUAL, subtype__in=IndividualSubtype.values),
                name="producer_subtype_only_for_individuals",
            ),
            models.CheckConstraint(
                condition=models.Q(legal_status__in=LegalStatus.values), name="producer_legal_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def commodity_labels(self) -> list[str]:
        return [str(Commodity(c).label) for c in self.commodities if c in Commodity.values]

    @property
    def method_labels(self) -> list[str]:
        return [str(Method(m).label) for m in self.methods if m in Method.values]


class TitleKind(models.TextChoices):
    MINING_TITLE = "mining_title", _("Mining title or concession")
    PERMIT = "permit", _("Mining permit or licence")
    ENVIRONMENTAL = "environmental", _("Environmental licence")
    REGISTRATION = "registration", _("Registration (e.g. barequero registry)")
    COMMERCIAL = "commercial", _("Commercial or tax registration")
    OTHER = "other", _("Other")


class Title(models.Model):
    """A title, permit or registration the producer holds, with its dates."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="titles")
    kind = models.CharField(_("kind"), max_length=20, choices=TitleKind.choices)
    reference = models.CharField(_("reference"), max_length=120)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["valid_until", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="title_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class Site(models.Model):
    """A place where the producer mines or processes. Coordinates are WGS 84 decimal degrees."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    subdivision = models.CharField(_("subdivision"), max_length=6, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def openstreetmap_url(self) -> str:
        """A plain link to the place on OpenStreetMap: no map widget, no script on our pages."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"


class MemberRole(models.TextChoices):
    EXCAVATOR = "excavator", _("Excavator")
    PANNER = "panner", _("Panner")
    SELECTOR = "selector", _("Ore selector")
    PROCESSOR = "processor", _("Processor")
    TRANSPORTER = "transporter", _("Transporter")
    LEADER = "leader", _("Leader")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18–24")
    AGE_25_39 = "25_39", _("25–39")
    AGE_40_59 = "40_59", _("40–59")
    AGE_60_PLUS = "60_plus", _("60 or over")


class Member(models.Model):
    """A person who works with the producer. Personal data: confidential by default."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="members")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)

    class Meta:
        ordering: ClassVar = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Committee(models.Model):
    """A site's local management committee, which owns the site's common action plan."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="committee")
    formed_on = models.DateField(_("formed on"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Committee of {self.site}"


class CommitteeSeat(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("role on the committee"), max_length=100)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["committee", "member"], name="committee_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.role})"


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on}"


class AssessorAuthorisation(models.Model):
    """The producer lets another organisation assess it: a facilitator runs self-assessments on
    its behalf, a buyer runs buyer reviews, a verifier runs independent verifications.

    Authorising an assessor lets that organisation read and write the producer's assessments of
    that kind and read its registry data; revoking it ends that at once."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="authorisations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessor_for")
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar = ["-granted_at", "id"]
        constraints: ClassVar = [
            # At most one active authorisation per pair.
            models.UniqueConstraint(
                fields=["producer", "organisation"],
                condition=models.Q(revoked_at__isnull=True),
                name="authorisation_active_unique",
            ),
        ]
        indexes: ClassVar = [
            # "Which producers may this organisation assess?"
            models.Index(fields=["organisation", "revoked_at"], name="authorisation_assessor"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} assesses {self.producer}"


# --- Units: members or crews of a cooperative or association, assessed on their own ----------


class UnitKind(models.TextChoices):
    MEMBER = "member", _("Member (one person)")
    CREW = "crew", _("Crew or work team (e.g. one pit)")


class Unit(models.Model):
    """A part of a cooperative or association assessed on its own against the same standard
    version: one member, or one crew or work team. Its results roll up to the organisation's
    (docs/cooperatives.md). Its name may be a person's: personal data, like members'."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: assessments refer to units, and a unit's history must outlive its exclusion.
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        help_text="For a unit of kind member: the registry's member it is, if recorded.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Creation order numbers the units ("Unit 1", "Unit 2") for readers who may not see names.
        ordering: ClassVar = ["created_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(kind__in=UnitKind.values), name="unit_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(member__isnull=True) | models.Q(kind=UnitKind.MEMBER),
                name="unit_member_only_for_member_units",
            ),
            models.UniqueConstraint(fields=["producer", "name"], name="unit_name_unique_per_producer"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitExclusion(models.Model):
    """A unit taken out of the organisation's supply from a date, for a reason; lifted (the unit
    readmitted) from a later date. Never deleted: the history says what counted on any day.

    A unit is excluded on day D when one of its exclusions has ``excluded_on`` ≤ D and
    ``lifted_on`` empty or after D."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="exclusions")
    excluded_on = models.DateField(_("excluded on"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    lifted_on = models.DateField(_("readmitted on"), null=True, blank=True)
    lifted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lift_reason = models.TextField(_("reason for readmitting"), blank=True)

    class Meta:
        ordering: ClassVar = ["-excluded_on", "-id"]
        indexes: ClassVar = [
            # "Which units are excluded on this day?" for one producer's units.
            models.Index(fields=["unit", "excluded_on"], name="unit_exclusion_by_day"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="unit_exclusion_has_reason"),
            models.CheckConstraint(
                condition=models.Q(lifted_on__isnull=True, lift_reason="")
                | (models.Q(lifted_on__gte=models.F("excluded_on")) & ~models.Q(lift_reason="")),
                name="unit_exclusion_lifted_after_with_reason",
            ),
            # At most one exclusion in force at a time (one not yet lifted).
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(lifted_on__isnull=True), name="unit_exclusion_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} excluded from {self.excluded_on}"
