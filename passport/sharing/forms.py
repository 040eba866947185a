"""Forms for the sharing pages: shape only (types, lengths, choices); the services decide the rest
(which audiences an organisation may get, what narrowing may change, whose data it is)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Organisation

from .models import AccessRequest, GrantAudience, GrantPurpose, Sensitivity
from .services import DECISIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _audiences(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(str(a), str(GrantAudience(a).label)) for a in values]


class _Terms(forms.Form):
    """What access: an audience, purposes, an optional last day."""

    audience = forms.ChoiceField(label=_("Access"), widget=forms.RadioSelect)
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=GrantPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the data will be used for. Authorities get access for statistics only."),
    )
    until = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=DATE,
        help_text=_("The last day of access, included. Leave empty for no end date."),
    )

    def __init__(self, *args: Any, audiences: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = _audiences(audiences)


class RequestForm(_Terms):
    message = forms.CharField(
        label=_("Message to the producer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who you are, why you ask and what you will do with the data: the producer decides on it."),
    )


class GrantForm(_Terms):
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        help_text=_("Buyers, verifiers and authorities registered on the platform."),
    )

    field_order = ("organisation", "audience", "purposes", "until")

    def __init__(self, *args: Any, organisations: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, audiences=GrantAudience.values, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("Choose an organisation")),
            *((str(o.uuid), f"{o.name} · {o.get_kind_display()}") for o in organisations),  # type: ignore[attr-defined]
        ]


class AnswerForm(forms.Form):
    """Accept as asked, accept with less (narrow: each field left as it is stays as asked), or
    decline; the answer goes to the organisation that asked."""

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS])  # the button pressed
    audience = forms.ChoiceField(label=_("Access"), required=False)
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=GrantPurpose.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the end asked for. An earlier day gives less."),
    )
    answer = forms.CharField(
        label=_("Your answer (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, request: AccessRequest, audiences: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"audience": request.audience, "purposes": list(request.purposes), "until": request.until}
        )
        kwargs.setdefault("auto_id", f"r-{request.uuid}-%s")  # several on one page
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = _audiences(audiences)
        asked = set(request.purposes)
        self.fields["purposes"].choices = [(v, label) for v, label in GrantPurpose.choices if v in asked]


class FieldForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    sensitivity = forms.ChoiceField(label=_("Who sees it"), choices=Sensitivity.choices)

    def __init__(self, *args: Any, choices: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["sensitivity"].choices = [(c, Sensitivity(c).label) for c in choices]


class DirectoryFilter(forms.Form):
    """The directory's filters; anything malformed is simply ignored (an empty filter)."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=2)
    commodity = forms.ChoiceField(label=_("Mineral"), required=False)

    def __init__(self, *args: Any, commodities: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commodity"].choices = [("", _("Any mineral")), *commodities]

    def values(self) -> dict[str, str]:
        """The valid filters; an invalid one is left out (empty), the others still apply."""
        cleaned = self.cleaned_data if self.is_valid() or self.is_bound else {}
        return {name: str(cleaned.get(name) or "") for name in ("q", "country", "commodity")}
