"""Every route of the site has an authorization table, and every API operation × every person.

Each app keeps a table of its pages (``passport/<app>/tests/routes.py``) with its own runner;
this module checks that together they name every URL the site serves, so a new page without a
route × role test fails here. The API's table is below, keyed by OpenAPI operation id, and is
run here for every person of the world through their session, and anonymously.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from passport.accounts import services
from passport.accounts.tests.routes import ROUTES as ACCOUNTS
from passport.accounts.tokens import SCOPES
from passport.assessments.tests import builders as assessments
from passport.assessments.tests.api_ops import API as ASSESSMENTS_API
from passport.assessments.tests.routes import ROUTES as ASSESSMENTS
from passport.assessments.tests.routes import build_objects
from passport.notifications.tests.api_ops import API as NOTIFICATIONS_API
from passport.notifications.tests.routes import ROUTES as NOTIFICATIONS
from passport.plans.tests.api_ops import API as PLANS_API
from passport.plans.tests.progress_api_ops import API as PROGRESS_API
from passport.plans.tests.progress_routes import ROUTES as PROGRESS
from passport.plans.tests.routes import ROUTES as PLANS
from passport.producers.tests import builders as producers
from passport.producers.tests.routes import ROUTES as PRODUCERS
from passport.sharing.tests.api_ops import API as SHARING_API
from passport.sharing.tests.routes import ROUTES as SHARING
from passport.site.api import api
from tests.api_table import EDITORS, ESPERANZA, EVERYONE, READERS, Op
from tests.world import PEOPLE, World

SITE_PAGES = {"site:home", "site:healthz"}  # public; tested in passport/site/tests
API_DOCS = {"api:openapi-json", "api:openapi-view", "api:api-root"}  # the API's own documents


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            names |= _names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}".lstrip(":"))
    return names


def _operations() -> dict[str, tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        op["operationId"]: (method.upper(), path) for path, ops in schema["paths"].items() for method, op in ops.items()
    }


def test_every_page_of_the_site_is_in_an_authorization_table() -> None:
    tables = (
        {f"accounts:{name}" for name in ACCOUNTS}
        | set(PRODUCERS)
        | set(ASSESSMENTS)
        | set(PLANS)
        | set(PROGRESS)
        | set(NOTIFICATIONS)
        | set(SHARING)
        | SITE_PAGES
        | API_DOCS
    )
    pages = {name for name in _names(get_resolver()) if not name.startswith("api:")}
    assert pages - tables == set(), "pages without a route × role table"
    # API endpoints are checked by operation (below): the OpenAPI document is generated from the
    # same routers that serve them, so a new endpoint appears there.


def test_every_api_operation_is_in_the_table() -> None:
    assert set(_operations()) == set(API)


# --- The API table -------------------------------------------------------------------------


def _objects(world: World, spec: Op | None = None) -> dict[str, Any]:
    """The objects every operation may name, plus those its own ``setup`` builds."""
    esperanza = world.producers["esperanza"]
    objects = {
        "esperanza": esperanza,
        "site": producers.site(esperanza),
        "draft": assessments.start(world),
        "result": assessments.submitted(world),
    }
    if spec is not None and spec.setup is not None:
        objects.update(spec.setup(world, objects))
    return objects


def _none(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    return {}


def _esperanza(key: str) -> Callable[[World, dict[str, Any]], dict[str, Any]]:
    return lambda world, objects: {key: objects["esperanza"].uuid}


def _uuid_of(name: str, key: str = "uuid") -> Callable[[World, dict[str, Any]], dict[str, Any]]:
    return lambda world, objects: {key: objects[name].uuid}


NEW_PRODUCER = {"type": "cooperative", "commodities": ["gold"], "country": "CO", "legal_status": "informal"}

CORE_API: dict[str, Op] = {
    "get_me": Op(_none, allowed=EVERYONE),
    "list_organisations": Op(_none, allowed=EVERYONE),
    "get_organisation": Op(lambda w, o: {"organisation_uuid": w.orgs["esperanza"].uuid}, allowed=ESPERANZA),
    "list_producers": Op(_none, allowed=EVERYONE, scope="producers:read"),
    # Every producer organisation of the world already has its profile; others are not producers.
    "register_producer": Op(
        _none,
        allowed=set(),
        forbidden=EVERYONE,
        body=lambda w, o: NEW_PRODUCER,
        scope="producers:write",
    ),
    "get_producer": Op(_esperanza("producer_uuid"), allowed=READERS, scope="producers:read"),
    "update_producer": Op(
        _esperanza("producer_uuid"),
        allowed={"alice", "mateo"},
        forbidden={"maria", "victor", "fran"},
        body=lambda w, o: {"municipality": "Suárez"},
        scope="producers:write",
    ),
    "list_sites": Op(_esperanza("producer_uuid"), allowed=READERS, scope="producers:read"),
    "add_site": Op(
        _esperanza("producer_uuid"),
        allowed=EDITORS,
        forbidden={"victor", "fran"},
        body=lambda w, o: {"name": "Pit 3"},
        scope="producers:write",
    ),
    "get_site": Op(_uuid_of("site", "site_uuid"), allowed=READERS, scope="producers:read"),
    "list_units": Op(_esperanza("producer_uuid"), allowed=READERS, scope="producers:read"),
}

TABLES = (CORE_API, ASSESSMENTS_API, PLANS_API, PROGRESS_API, NOTIFICATIONS_API, SHARING_API)
API: dict[str, Op] = {name: op for table in TABLES for name, op in table.items()}
assert len(API) == sum(len(table) for table in TABLES), "operation in two tables"

CASES = [(op, who) for op in sorted(API) for who in [*sorted(PEOPLE), "anonymous"]]


@pytest.mark.parametrize(("operation", "who"), CASES, ids=[f"{op}-{who}" for op, who in CASES])
def test_each_api_operation_answers_each_person_as_the_table_says(
    world: World, client: Client, operation: str, who: str
) -> None:
    spec = API[operation]
    method, template = _operations()[operation]
    objects = _objects(world, spec)
    path = template.format(**spec.path(world, objects))
    if who != "anonymous":
        client.force_login(world.users[who])
    body = json.dumps(spec.body(world, objects)) if spec.body else None
    response = client.generic(method, path, body or "", content_type="application/json")
    status = response.status_code
    if who == "anonymous":
        expected: int | str = "2xx" if "anonymous" in spec.allowed else 401  # public: the directory
    elif who in spec.allowed:
        expected = "2xx"
    elif who in spec.refused:
        expected = spec.refused[who]
    elif who in spec.forbidden:
        expected = 403
    else:
        expected = 404
    if expected == "2xx":
        assert 200 <= status < 300, (status, response.content[:300])
    else:
        assert status == expected, (status, response.content[:300])
        assert set(response.json()) == {"error"}, "every refusal has the one error shape"


# --- Assessment pages (their table: passport/assessments/tests/routes.py) ------------------

PAGE_CASES = [(route, who) for route in sorted(ASSESSMENTS) for who in [*sorted(PEOPLE), "anonymous"]]


@pytest.mark.parametrize(("route", "who"), PAGE_CASES, ids=[f"{r}-{w}" for r, w in PAGE_CASES])
def test_each_assessment_page_answers_each_person_as_the_table_says(
    world: World, client: Client, route: str, who: str
) -> None:
    spec = ASSESSMENTS[route]
    url = reverse(route, kwargs=spec["kwargs"](world, build_objects(world)))
    if who != "anonymous":
        client.force_login(world.users[who])
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in spec["allowed"]:
        assert response.status_code == 200
    elif who in READERS:
        assert response.status_code == 403  # may see the assessment, may not do this
    else:
        assert response.status_code == 404  # may not know it exists


# --- API tokens: scopes, and the same answers as a member of the organisation --------------

ALL_SCOPES = list(SCOPES)


def _call(client: Client, world: World, operation: str, secret: str) -> Any:
    spec = API[operation]
    method, template = _operations()[operation]
    objects = _objects(world, spec)
    body = json.dumps(spec.body(world, objects)) if spec.body else ""
    return client.generic(
        method,
        template.format(**spec.path(world, objects)),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


@pytest.mark.parametrize("operation", sorted(API))
def test_a_token_without_the_operations_scope_is_refused(world: World, client: Client, operation: str) -> None:
    spec = API[operation]
    others = [s for s in ALL_SCOPES if s != spec.scope]
    _token, secret = services.create_api_token(actor=world.actor("alice"), name="narrow", scopes=others)
    response = _call(client, world, operation, secret)
    if spec.people_only:
        assert response.status_code == 403, response.content[:300]
    elif spec.scope is None:
        assert 200 <= response.status_code < 300, response.content[:300]
    else:
        assert response.status_code == 403, response.content[:300]
        assert spec.scope in response.json()["error"]["message"]


@pytest.mark.parametrize("operation", sorted(API))
def test_a_token_with_every_scope_gets_what_a_member_of_its_organisation_gets(
    world: World, client: Client, operation: str
) -> None:
    """Tokens act with the member role: the same answer as Maria, a member of esperanza."""
    _token, secret = services.create_api_token(actor=world.actor("alice"), name="all", scopes=ALL_SCOPES)
    as_token = _call(client, world, operation, secret).status_code
    spec = API[operation]
    expected = "2xx" if "maria" in spec.allowed else 403 if "maria" in spec.forbidden else 404
    if spec.people_only:
        expected = 403
    if expected == "2xx":
        assert 200 <= as_token < 300
    else:
        assert as_token == expected


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/no-such-thing", 404, "not_found"),
        ("DELETE", "/api/v1/producers", 405, "method_not_allowed"),
    ],
)
def test_unknown_api_paths_and_methods_answer_with_the_one_error_shape(
    world: World, client: Client, method: str, path: str, status: int, code: str
) -> None:
    client.force_login(world.users["alice"])
    response = client.generic(method, path)
    assert response.status_code == status
    assert response.json() == {"error": {"code": code, "message": response.json()["error"]["message"], "fields": []}}
