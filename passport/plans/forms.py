"""Forms for plan pages: shape only (types, lengths, choices); the services decide the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passport.accounts.models import Organisation
from passport.producers.models import Member

from .models import CommentKind, Strategy
from .services import MAX_TEXT


class StrategyField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Order of the improvements"),
            choices=Strategy.choices,
            widget=forms.RadioSelect,
            help_text=_("Mandatory actions always come first, by their deadline; this orders the others."),
            **kwargs,
        )


class DraftForm(forms.Form):
    partner = forms.ChoiceField(
        label=_("Agree the plan with"),
        widget=forms.RadioSelect,
        help_text=_("A buyer or facilitator you have authorised."),
    )
    strategy = StrategyField(initial=Strategy.QUICK_WINS)

    def __init__(self, *args: Any, partners: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [
            (str(o.uuid), f"{o.name} · {o.get_kind_display()}")
            for o in partners  # type: ignore[attr-defined]
        ]


class StrategyForm(forms.Form):
    strategy = StrategyField()


class ActionForm(forms.Form):
    """Owner (for those who see the producer's members), due date (optional actions only) and
    what "done" means."""

    owner = forms.ChoiceField(
        label=pgettext_lazy("the person responsible for an action", "Owner"),
        required=False,
        help_text=_("A member of the producer."),
    )
    due_on = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    done_means = forms.CharField(
        label=_("Done means"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What both sides will accept as done, e.g. what can be seen or shown."),
    )

    def __init__(self, *args: Any, members: Iterable[Member] | None, mandatory: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", _("Nobody yet")), *((str(m.uuid), m.name) for m in members)]
        if mandatory:
            del self.fields["due_on"]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CommentKind.choices, initial=CommentKind.COMMENT, widget=forms.RadioSelect
    )
    requirement_id = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args: Any, actions: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement_id"].choices = [("", _("The whole plan")), *actions]


class SignForm(forms.Form):
    """The revision the signer read: the page posts it with the button."""

    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReviseForm(forms.Form):
    summary = forms.CharField(
        label=_("What do you want to change?"),
        required=False,
        max_length=300,
        help_text=_("Both sides sign the new version again; mandatory deadlines do not move."),
    )
