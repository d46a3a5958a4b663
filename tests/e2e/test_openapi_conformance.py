"""The server's real answers match docs/openapi.json, operation by operation.

One realistic scenario on a server of its own drives every operation in the document (an
owner registers a new organisation, invites a manager and an employee, they plan shifts and
weekly patterns, read the schedule, email colleagues and follow the outbox, sign out ...;
a second server whose SMTP relay is unreachable gives a dead message to retry) together
with representative error
answers (400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429). Every answer goes through
openapi_conformance.Conformance: the operation for (method, path), the documented status,
the Content-Type, the JSON body against the schema and the documented headers. Every request
the server accepted is also checked against the document's parameters and request body, so
the document refuses nothing the server takes.

Drift is checked from both sides:
- the operations that answered with success equal the operations in the document, and the
  server's own route table (`shiftsync routes --json`) equals them too (a new route without a test or a
  documented route the server lacks fails); on every documented path the undocumented
  methods get 405 with an Allow header naming exactly the documented ones;
- answers carry no member that no schema declares, and every member of a schema that answers
  use shows up at least once;
- problem titles are fixed per type and the document's examples use the server's titles.
"""
from __future__ import annotations

import json

import pytest

from conformance_scenario import BODY_LIMIT, Scenario, run_scenario
from openapi_conformance import Conformance, describe_keys
from support import API, PROBLEM, free_port, new_email, new_password, server_routes, unique, wait_until

# The error statuses the scenario must have checked at least once (405 via check_not_routed).
REPRESENTATIVE_ERRORS = {400, 401, 403, 404, 409, 410, 413, 415, 422, 429}


def run_dead_mail(s: Scenario) -> None:
    """On a server whose SMTP relay refuses connections (one attempt): a dead message, retried."""
    r = s.call("POST", "/auth/register", 201, body={
        "name": "Ada Owner", "email": new_email("owner"), "password": new_password(),
        "organization": {"name": unique("Cafe "), "time_zone": "UTC"}})
    owner = r.json()["token"]
    queued = s.json("POST", "/mail", 202, token=owner, body={"to": "all", "subject": "Hello", "message": "Hi."})
    mid = queued["message_ids"][0]

    def dead():
        page = s.json("GET", "/mail", 200, token=owner)["messages"]
        return next((m for m in page if m["id"] == mid and m["status"] == "dead"), None)
    message = wait_until(dead, 20, 0.1, "the message to die")
    assert message["attempts"] == 1 and message["last_error"] and message["sent_at"] is None, message
    assert message["next_attempt_at"] is None, message
    again = s.json("POST", f"/mail/{mid}/retry", 202, token=owner)
    assert again["id"] == mid and again["status"] == "pending" and again["attempts"] == 0, again
    assert again["next_attempt_at"] is not None, again
    wait_until(dead, 20, 0.1, "the retried message to die again")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def conf() -> Conformance:
    return Conformance()


@pytest.fixture(scope="module")
def scenario(module_factory, conf) -> Scenario:
    srv = module_factory.start(args=["--max-body-bytes", str(BODY_LIMIT)], name="openapi")
    s = Scenario(srv, conf)
    run_scenario(s)
    # the same document and records (conf), a server of its own: nothing listens on the relay port
    dead_srv = module_factory.start(args=["--smtp-url", f"smtp://127.0.0.1:{free_port()}", "--mail-max-attempts", "1"],
                                    name="deadmail")
    d = Scenario(dead_srv, conf)
    run_dead_mail(d)
    s.problems += d.problems
    s.undeclared |= d.undeclared
    for ptype, titles in d.problem_titles.items():
        s.problem_titles.setdefault(ptype, set()).update(titles)
    return s


# --------------------------------------------------------------------------- tests


def test_document_examples_match_their_schemas(conf):
    problems = conf.example_problems()
    assert not problems, "\n".join(problems)


def test_every_answer_matches_the_document(scenario):
    assert not scenario.problems, f"{len(scenario.problems)} mismatches:\n" + "\n".join(scenario.problems)


def test_answers_carry_no_undocumented_members(scenario):
    """A member the server sends that no schema declares is drift, even where a schema leaves
    additionalProperties open (docs/API.md lists the members; the DTOs follow openapi.json)."""
    assert not scenario.undeclared, "undocumented members in answers:\n" + "\n".join(sorted(scenario.undeclared))


def test_documented_members_are_sent(scenario, conf):
    """Every member of a schema that answers use shows up in some answer of the scenario: a
    documented field the server never sends is drift as well."""
    missing = conf.unobserved_members()
    assert not missing, f"documented but never in an answer: {missing}"


def test_every_documented_operation_is_exercised(scenario, conf):
    documented = set(conf.operations)
    exercised = conf.exercised(success_only=True)
    untested = documented - exercised
    unknown = exercised - documented
    assert not untested, f"documented operations without a successful answer here: {describe_keys(untested)}"
    assert not unknown, f"operations outside the document: {describe_keys(unknown)}"
    assert len(documented) >= 32, sorted(documented)


def test_representative_errors_were_checked(scenario, conf):
    missing = REPRESENTATIVE_ERRORS - conf.statuses_seen()
    assert not missing, f"error statuses not exercised: {sorted(missing)}"
    assert scenario.not_routed_checked, "no 404/405 answer was checked"


def test_problem_titles_match_the_document(scenario, conf):
    """Each problem type has one fixed title (docs/openapi.json, Problem.title); the examples
    in the document show the titles the server really sends."""
    documented: dict[str, set[str]] = {}
    for response in conf.doc["components"]["responses"].values():
        for media in response.get("content", {}).values():
            for ex in (media.get("examples") or {}).values():
                value = ex.get("value", {})
                if isinstance(value, dict) and "type" in value:
                    documented.setdefault(value["type"], set()).add(value["title"])
    problems = []
    for ptype, titles in sorted(scenario.problem_titles.items()):
        if len(titles) != 1:
            problems.append(f"{ptype}: several titles from the server {sorted(titles)}")
        if ptype in documented and not documented[ptype] <= titles:
            problems.append(f"{ptype}: the server says {sorted(titles)}, the document's examples "
                            f"{sorted(documented[ptype])}")
    assert not problems, "\n".join(problems)


def test_registration_closed_conforms(module_factory, conf):
    srv = module_factory.start(args=["--allow-new-organizations", "false"], name="closed")
    s = Scenario(srv, Conformance(conf.doc))
    s.call("POST", "/auth/register", 403, slug="registration-closed", body={
        "name": "Too Late", "email": new_email(), "password": new_password(),
        "organization": {"name": "Closed Inc", "time_zone": "UTC"}})
    assert not s.problems, "\n".join(s.problems)


def route_table() -> dict[tuple[str, str], str]:
    """(METHOD, path) -> access level ("public", "employee", "manager", "owner"), from the server's own
    route table (`shiftsync routes --json`)."""
    return {(route["method"], route["pattern"]): route["access"] for route in server_routes()}


def test_route_table_matches_the_document(conf):
    """The server's route tables list exactly the documented operations, and every answer the
    router itself gives (src/http/router.cpp: 401 without a session, 403 for a role or a CSRF
    check, 415 for a body that is not JSON, 404 for an unknown id) is documented where it can
    happen."""
    routes = route_table()
    personal = {(route["method"], route["pattern"]) for route in server_routes() if route["personal"]}
    assert len(routes) >= 20, f"the route table is not the whole API: {routes}"
    documented = set(conf.operations)
    assert set(routes) == documented, (
        f"routes the document lacks: {describe_keys(set(routes) - documented) or '-'}; "
        f"documented operations the server lacks: {describe_keys(documented - set(routes)) or '-'}")
    problems = []
    for (method, template), access in sorted(routes.items()):
        op = conf.operations[(method, template)].op
        statuses = set(op.get("responses", {}))
        public = access == "public"
        if (op.get("security", conf.doc.get("security")) == []) != public:
            problems.append(f"{method} {template}: access {access} but security {op.get('security')}")
        want = set()
        if not public:
            want.add("401")
        if access in ("manager", "owner") or method != "GET":
            want.add("403")
        if method != "GET":
            want.add("415")
        if "{" in template:
            want.add("404")
        if "requestBody" in op:
            want |= {"400", "413", "415", "422"}
        if want - statuses:
            problems.append(f"{method} {template}: undocumented {sorted(want - statuses)}")
        # Personal routes (the router answers them with Cache-Control: no-store) say so in every success.
        for status, response in op.get("responses", {}).items():
            documented_no_store = "Cache-Control" in conf.deref(response).get("headers", {})
            if status.startswith("2") and (method, template) in personal and not documented_no_store:
                problems.append(f"{method} {template}: a personal route whose {status} does not document Cache-Control")
    assert not problems, "\n".join(problems)


def test_validator_finds_mismatches(conf):
    """The validator itself: a wrong answer must be caught, or every test above proves nothing."""

    class FakeRequest:
        def __init__(self, method, url):
            self.method, self.url = method, url

    class FakeResponse:
        def __init__(self, method, path, status, body, ctype="application/json", headers=None):
            self.request = FakeRequest(method, "http://127.0.0.1" + path)
            self.status_code = status
            self.content = json.dumps(body).encode() if body is not None else b""
            self.headers = {"Content-Type": ctype} if body is not None else {}
            self.headers.update(headers or {})

        def json(self):
            return json.loads(self.content)

    fresh = Conformance(conf.doc)
    shift = {"id": 1, "user_id": None, "start": "2027-01-01T08:00:00Z", "end": "2027-01-01T09:00:00Z",
             "position": "", "note": "", "pattern_id": None}
    assert fresh.check(FakeResponse("GET", API + "/shifts/1", 200, shift)) == []
    bad = [
        FakeResponse("GET", API + "/shifts/1", 200, dict(shift, start="2027-01-01T09:00:00+01:00")),  # not UTC
        FakeResponse("GET", API + "/shifts/1", 200, dict(shift, extra=1)),                       # undeclared
        FakeResponse("GET", API + "/shifts/1", 200, {k: v for k, v in shift.items() if k != "note"}),
        FakeResponse("GET", API + "/shifts/1", 200, shift, ctype="text/html"),
        FakeResponse("GET", API + "/shifts/1", 418, shift),                                     # undocumented
        FakeResponse("GET", API + "/shifts/1", 404, {"type": PROBLEM + "not-found", "title": "Not found",
                                                     "status": 404}),                          # wrong media type
        FakeResponse("POST", API + "/auth/login", 429, {"type": PROBLEM + "too-many-requests", "title": "T",
                                                        "status": 429}, ctype="application/problem+json"),
        FakeResponse("DELETE", API + "/shifts/1", 204, shift),                                  # body on 204
        FakeResponse("GET", API + "/nowhere", 200, {}),
        FakeResponse("PUT", API + "/shifts/1", 200, shift),
    ]
    for resp in bad:
        assert fresh.check(resp), f"not caught: {resp.request.method} {resp.request.url} {resp.status_code}"
    assert fresh.check_request("POST", API + "/shifts", {"user_id": 1, "start": "x", "end": "y"}, True)
    assert fresh.check_request("GET", API + "/shifts?from=2027-01-01T00:00:00Z", None)
    assert not fresh.check_request("GET", API + "/shifts?from=2027-01-01T00:00:00%2B01:00&to=2027-01-02T00:00:00Z",
                                   None)
