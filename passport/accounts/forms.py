"""Forms for account pages (validation only; the services do the work)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import OrganisationKind, Role
from .tokens import SCOPES


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, min_length=10, help_text=_("At least 10 characters.")
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.CharField(label=_("Country (ISO code, e.g. CO)"), max_length=2, required=False)

    def clean_country(self) -> str:
        country: str = self.cleaned_data["country"].strip().upper()
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise forms.ValidationError(_("Write the two-letter ISO code, e.g. CO, PE or CD."))
        return country


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, may_invite_owners: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_invite_owners:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.OWNER]


class AcceptRegisterForm(SignUpForm):
    """A new account created from an invitation link (the e-mail is pre-filled, and may change)."""


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name (what the token is for)"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(scope, scope) for scope in SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the token may do. Give it no more than its job needs."),
    )
