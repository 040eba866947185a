"""Registry pages. Each view reads the form, calls one service and renders; the services decide
who may do what (``@page`` turns their NotFound into 404 and NotAllowed into 403)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passport.accounts.access import Actor, NotAllowed
from passport.accounts.web import apply_errors, page
from passport.sharing.services import audience_label, purpose_label

from . import committees, listing, services
from .forms import (
    CommitteeForm,
    MeetingForm,
    MemberForm,
    ProducerForm,
    SeatForm,
    SiteForm,
    TitleForm,
)
from .models import Commodity, Producer

GET_POST = require_http_methods(["GET", "POST"])


def _need(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You may look at this but not change it."))


def _profile(data: dict[str, object]) -> services.ProducerProfile:
    return services.ProducerProfile(**data)  # type: ignore[arg-type]


# --- Producers -------------------------------------------------------------------------------


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
# One table row per producer, escaped by format_html_join: rendering 50 rows through the template
# engine cost about a millisecond, a third of the page.
_ROW = '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>'


def _cell(value: str | None, withheld: dict[str, str], key: str) -> str | SafeString:
    """A list cell: the value, or the withheld marker with the reason (a producer may tighten
    even its public fields)."""
    if key in withheld:
        return render_to_string("sharing/withheld.html", {"reason": withheld[key]})
    return value or ""


@require_safe
@page
def producer_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    query, country = request.GET.get("q", ""), request.GET.get("country", "")
    found = listing.list_producers(actor=actor, query=query, country=country, page=request.GET.get("page"))
    # Plain tuples, labels looked up once and links built from one reversed prefix: the list is
    # the page facilitators open most, and per-row lookups were most of its cost.
    commodities = {value: str(label) for value, label in Commodity.choices}
    detail = reverse("producers:detail", args=[_PLACEHOLDER]).removesuffix(f"{_PLACEHOLDER}/")
    rows = format_html_join(
        "\n",
        _ROW,
        (
            (
                f"{detail}{p.uuid}/",
                _cell(p.name, p.withheld, "producer.name"),
                _cell(
                    ", ".join(commodities.get(c, c) for c in p.commodities or ()), p.withheld, "producer.commodities"
                ),
                _cell(
                    " · ".join(part for part in (p.country, p.subdivision, p.municipality) if part),
                    p.withheld,
                    "producer.region",
                ),
            )
            for p in found.object_list
        ),
    )
    return render(request, "producers/list.html", {"page": found, "rows": rows, "q": query, "country": country})


@GET_POST
@page
def producer_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    existing = services.producer_registration_for(actor=actor)
    if existing is not None:
        return redirect("producers:detail", existing.uuid)
    assert actor.organisation is not None
    form = ProducerForm(request.POST or None, initial={"country": actor.organisation.country})
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.register_producer(actor=actor, profile=_profile(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Producer profile registered."))
            return redirect("producers:detail", producer.uuid)
    return render(request, "producers/profile_form.html", {"form": form, "organisation": actor.organisation})


@require_safe
@page
def producer_detail(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    """The producer's page as the reader's lens shows it. The producer's own people may add
    ``?as=<organisation uuid>`` or ``?as=public`` to see it as that organisation (or the public)
    sees it: the same page through that organisation's lens, logging nothing."""
    preview_as = request.GET.get("as", "")
    try:
        overview = services.get_producer(
            actor=actor, producer_uuid=producer_uuid, preview_as=preview_as, with_standing=True
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        overview = services.get_producer(actor=actor, producer_uuid=producer_uuid, with_standing=True)
    # A lapsed mitigation window changes where the producer stands after its latest result; every
    # reader of the producer (buyers above all) must see that first. Why is findings: the service
    # leaves the reasons out for a reader whose lens withholds them, and the page says so.
    lens = overview.lens
    context = {
        "o": overview,
        "producer": overview.producer,
        "lens": lens,
        "standing": overview.standing.standing if overview.standing is not None else None,
        "audience": audience_label(lens.audience.value),
        "purpose": purpose_label(lens.purpose.value),
    }
    return render(request, "producers/detail.html", context)


@GET_POST
@page
def producer_edit(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    producer = services.producer_for_editing(actor=actor, producer_uuid=producer_uuid)
    initial = vars(services.profile_of(producer))
    form = ProducerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_producer(actor=actor, producer_uuid=producer.uuid, profile=_profile(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("producers:detail", producer.uuid)
    return render(request, "producers/profile_form.html", {"form": form, "producer": producer})


# --- Titles ----------------------------------------------------------------------------------


@GET_POST
@page
def titles(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    """GET lists the titles; POST adds one."""
    overview = services.list_titles(actor=actor, producer_uuid=producer_uuid)
    form = TitleForm(request.POST or None)
    if request.method == "POST":
        _need(overview.allowed.can_manage)
        if form.is_valid():
            try:
                services.add_title(
                    actor=actor, producer_uuid=producer_uuid, details=services.TitleDetails(**form.cleaned_data)
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Title added."))
                return redirect("producers:titles", producer_uuid)
    context = {"o": overview, "producer": overview.producer, "lens": overview.lens, "form": form}
    return render(request, "producers/titles.html", context)


@GET_POST
@page
def title_edit(request: HttpRequest, actor: Actor, title_uuid: uuid.UUID) -> HttpResponse:
    title = services.title_for_editing(actor=actor, title_uuid=title_uuid)
    fields = ("kind", "reference", "issued_by", "valid_from", "valid_until")
    form = TitleForm(request.POST or None, initial={f: getattr(title, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_title(
                actor=actor, title_uuid=title_uuid, details=services.TitleDetails(**form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Title saved."))
            return redirect("producers:titles", title.producer.uuid)
    return render(request, "producers/title_edit.html", {"form": form, "title": title, "producer": title.producer})


@require_POST
@page
def title_delete(request: HttpRequest, actor: Actor, title_uuid: uuid.UUID) -> HttpResponse:
    title = services.title_for_editing(actor=actor, title_uuid=title_uuid)
    services.delete_title(actor=actor, title_uuid=title_uuid)
    messages.success(request, _("Title deleted."))
    return redirect("producers:titles", title.producer.uuid)


# --- Sites -----------------------------------------------------------------------------------


def _site_details(data: dict[str, object]) -> services.SiteDetails:
    return services.SiteDetails(**data)  # type: ignore[arg-type]


@GET_POST
@page
def sites(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    """GET lists the sites; POST adds one."""
    overview = services.list_sites(actor=actor, producer_uuid=producer_uuid)
    form = SiteForm(request.POST or None)
    if request.method == "POST":
        _need(overview.allowed.can_edit)
        if form.is_valid():
            try:
                site = services.add_site(
                    actor=actor, producer_uuid=producer_uuid, details=_site_details(form.cleaned_data)
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Site added."))
                return redirect("producers:site", site.uuid)
    context = {"o": overview, "producer": overview.producer, "lens": overview.lens, "form": form}
    return render(request, "producers/sites.html", context)


@require_safe
@page
def site_detail(request: HttpRequest, actor: Actor, site_uuid: uuid.UUID) -> HttpResponse:
    overview = services.get_site(actor=actor, site_uuid=site_uuid)
    context = {"o": overview, "site": overview.site, "producer": overview.site.producer, "lens": overview.lens}
    return render(request, "producers/site.html", context)


@GET_POST
@page
def site_edit(request: HttpRequest, actor: Actor, site_uuid: uuid.UUID) -> HttpResponse:
    site = services.site_for_editing(actor=actor, site_uuid=site_uuid)
    fields = ("name", "latitude", "longitude", "subdivision", "municipality", "description")
    form = SiteForm(request.POST or None, initial={f: getattr(site, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_site(actor=actor, site_uuid=site_uuid, details=_site_details(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Site saved."))
            return redirect("producers:site", site.uuid)
    return render(request, "producers/site_edit.html", {"form": form, "site": site, "producer": site.producer})


# --- Members ---------------------------------------------------------------------------------


def _member_details(data: dict[str, object]) -> services.MemberDetails:
    return services.MemberDetails(**data)  # type: ignore[arg-type]


@require_safe
@page
def members(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    listing = services.list_members(actor=actor, producer_uuid=producer_uuid, page=request.GET.get("page"))
    context = {"o": listing, "producer": listing.producer, "lens": listing.lens}
    return render(request, "producers/members.html", context)


@GET_POST
@page
def member_new(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    producer, sites = services.member_form_sites(actor=actor, producer_uuid=producer_uuid)
    form = MemberForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(actor=actor, producer_uuid=producer_uuid, details=_member_details(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("producers:members", producer_uuid)
    return render(request, "producers/member_form.html", {"form": form, "producer": producer})


@GET_POST
@page
def member_edit(request: HttpRequest, actor: Actor, member_uuid: uuid.UUID) -> HttpResponse:
    member = services.member_for_editing(actor=actor, member_uuid=member_uuid)
    producer: Producer = member.producer
    initial = {
        "name": member.name,
        "role": member.role,
        "gender": member.gender,
        "age_band": member.age_band,
        "site": str(member.site.uuid) if member.site else "",
    }
    form = MemberForm(request.POST or None, initial=initial, sites=producer.sites.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(actor=actor, member_uuid=member_uuid, details=_member_details(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member saved."))
            return redirect("producers:members", producer.uuid)
    return render(request, "producers/member_form.html", {"form": form, "producer": producer, "member": member})


@require_POST
@page
def member_delete(request: HttpRequest, actor: Actor, member_uuid: uuid.UUID) -> HttpResponse:
    member = services.member_for_editing(actor=actor, member_uuid=member_uuid)
    services.delete_member(actor=actor, member_uuid=member_uuid)
    messages.success(request, _("Member removed."))
    return redirect("producers:members", member.producer.uuid)


# --- Committees ------------------------------------------------------------------------------


@GET_POST
@page
def committee(request: HttpRequest, actor: Actor, site_uuid: uuid.UUID) -> HttpResponse:
    """GET shows the site's committee; POST gives a member a seat (``seat``) or sets the date
    it was formed (``formed``)."""
    overview = committees.get_committee(actor=actor, site_uuid=site_uuid)
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form", "") if posted is not None else ""
    seat_form = SeatForm(posted if which == "seat" else None, candidates=overview.candidates)
    formed = overview.committee.formed_on if overview.committee else None
    formed_form = CommitteeForm(posted if which == "formed" else None, initial={"formed_on": formed})
    if posted is not None:
        _need(overview.allowed.can_edit)
        try:
            if which == "seat" and seat_form.is_valid():
                data = seat_form.cleaned_data
                committees.add_committee_seat(
                    actor=actor, site_uuid=site_uuid, member_uuid=data["member"], role=data["role"]
                )
                messages.success(request, _("Seat added."))
                return redirect("producers:committee", site_uuid)
            if which == "formed" and formed_form.is_valid():
                committees.update_committee(actor=actor, site_uuid=site_uuid, **formed_form.cleaned_data)
                messages.success(request, _("Committee saved."))
                return redirect("producers:committee", site_uuid)
        except ValidationError as exc:
            apply_errors(seat_form if which == "seat" else formed_form, exc)
    context = {
        "o": overview,
        "site": overview.site,
        "producer": overview.site.producer,
        "lens": overview.lens,
        "seat_form": seat_form,
        "formed_form": formed_form,
    }
    return render(request, "producers/committee.html", context)


@require_POST
@page
def seat_remove(request: HttpRequest, actor: Actor, site_uuid: uuid.UUID) -> HttpResponse:
    committees.remove_committee_seat(actor=actor, site_uuid=site_uuid, member_uuid=request.POST.get("member", ""))
    messages.success(request, _("Seat removed."))
    return redirect("producers:committee", site_uuid)


@GET_POST
@page
def meeting_new(request: HttpRequest, actor: Actor, site_uuid: uuid.UUID) -> HttpResponse:
    site = services.site_for_editing(actor=actor, site_uuid=site_uuid)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committees.record_meeting(actor=actor, site_uuid=site_uuid, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("producers:committee", site_uuid)
    return render(request, "producers/meeting_new.html", {"form": form, "site": site, "producer": site.producer})


# --- Assessor authorisations -----------------------------------------------------------------


@GET_POST
@page
def authorisations(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    """GET lists the authorised organisations and, with ``q``, organisations to authorise;
    POST authorises the one named by ``organisation`` (a uuid)."""
    listing = services.list_authorisations(actor=actor, producer_uuid=producer_uuid)
    context: dict[str, object] = {"o": listing, "producer": listing.producer, "q": request.GET.get("q", "")}
    status = 200
    if request.method == "POST":
        try:
            grant = services.authorise_assessor(
                actor=actor, producer_uuid=producer_uuid, organisation_uuid=request.POST.get("organisation", "")
            )
        except ValidationError as exc:
            context["error"], status = " ".join(exc.messages), 400
        else:
            messages.success(request, _("%(name)s may now assess you.") % {"name": grant.organisation.name})
            return redirect("producers:authorisations", producer_uuid)
    if listing.allowed.can_manage and context["q"]:
        context["found"] = services.find_assessor_organisations(
            actor=actor, producer_uuid=producer_uuid, query=str(context["q"])
        )
    return render(request, "producers/authorisations.html", context, status=status)


@require_POST
@page
def authorisation_revoke(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    services.revoke_assessor(
        actor=actor, producer_uuid=producer_uuid, organisation_uuid=request.POST.get("organisation", "")
    )
    messages.success(request, _("Authorisation revoked."))
    return redirect("producers:authorisations", producer_uuid)
