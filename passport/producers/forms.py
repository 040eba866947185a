"""Forms for registry pages: shape only (types, dates, choices); the services decide the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    AgeBand,
    Commodity,
    Gender,
    IndividualSubtype,
    LegalStatus,
    Member,
    MemberRole,
    Method,
    ProducerType,
    Site,
    TitleKind,
    UnitKind,
)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: str, choices: Iterable[tuple[str, str]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class ProducerForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of producer"), choices=ProducerType.choices)
    subtype = forms.ChoiceField(
        label=_("Individual miner's subtype"),
        choices=_blank(_("None"), IndividualSubtype.choices),
        required=False,
        help_text=_("Only for individual miners."),
    )
    commodities = forms.MultipleChoiceField(
        label=_("Commodities"), choices=Commodity.choices, widget=forms.CheckboxSelectMultiple
    )
    methods = forms.MultipleChoiceField(
        label=_("Mining methods"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Required unless you are an aggregator or a processing plant."),
    )
    country = forms.CharField(label=_("Country (ISO code, e.g. CO)"), max_length=2)
    subdivision = forms.CharField(
        label=_("Department, province or state (ISO 3166-2 code, e.g. CO-CAU)"), max_length=6, required=False
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TitleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TitleKind.choices)
    reference = forms.CharField(label=_("Reference or number"), max_length=120)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=_date())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=_date())


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    latitude = forms.CharField(
        label=_("Latitude"), required=False, help_text=_("Decimal degrees, −90 to 90, e.g. 2.9345")
    )
    longitude = forms.CharField(
        label=_("Longitude"), required=False, help_text=_("Decimal degrees, −180 to 180, e.g. -76.6972")
    )
    subdivision = forms.CharField(label=_("Department or province code (e.g. CO-CAU)"), max_length=6, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Work"), choices=MemberRole.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED)
    age_band = forms.ChoiceField(label=_("Age"), choices=_blank(_("Not given"), AgeBand.choices), required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)

    def __init__(self, *args: Any, sites: Iterable[Site] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = _blank(_("No particular site"), ((str(s.uuid), s.name) for s in sites))


class CommitteeForm(forms.Form):
    formed_on = forms.DateField(label=_("Formed on"), required=False, widget=_date())


class SeatForm(forms.Form):
    member = forms.ChoiceField(label=_("Member"))
    role = forms.CharField(label=_("Role on the committee"), max_length=100, help_text=_("e.g. president, treasurer"))

    def __init__(self, *args: Any, candidates: Iterable[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.uuid), m.name) for m in candidates]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=_date())
    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=0)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


# --- Units of a cooperative or association --------------------------------------------------


class UnitForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("A member's name, or a crew's, e.g. “Pit 3 crew”.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    member = forms.ChoiceField(
        label=_("Which member"),
        required=False,
        help_text=_("Only for a unit that is one person: link it to the member register."),
    )

    def __init__(self, *args: Any, members: Iterable[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = _blank(_("Not linked"), ((str(m.uuid), m.name) for m in members))


class ExclusionForm(forms.Form):
    excluded_on = forms.DateField(label=_("Excluded from the supply on"), widget=_date())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the exclusion. Your people and your facilitator read it; buyers do not."),
    )


class ReadmitForm(forms.Form):
    lifted_on = forms.DateField(label=_("Back in the supply on"), widget=_date())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
