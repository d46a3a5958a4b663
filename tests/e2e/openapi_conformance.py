"""Checks real HTTP answers against docs/openapi.json (OpenAPI 3.1).

    conf = Conformance()                       # loads docs/openapi.json
    problems = conf.check(resp)                # [] when the answer matches the document
    conf.assert_conforms(resp)                 # the same, raising AssertionError

For an answer to (method, concrete path) it finds the operation by matching the path
templates, picks the response object for the status code (exact, else "4XX", else
"default"; an undocumented status is a problem), checks the Content-Type against the
response's media types (an empty body where no content is documented), validates the JSON
body with the Draft 2020-12 validator ("$ref": "#/components/..." resolved against the whole
document), checks the response headers (present when marked required, valid when present)
and, by default, refuses object members that no schema declares (an undocumented field is
drift as well, even where the schema leaves additionalProperties open).

Formats are checked too, with the document's own words: answers carry instants as RFC 3339
UTC with whole seconds (`2026-03-30T06:00:00Z`), requests may use any RFC 3339 offset.

`check_request` validates what a client sent (query parameters and JSON body) against the
operation's parameters and requestBody: used for requests the server accepted, it proves the
document does not refuse what the server takes.

Every checked answer is recorded in `seen` as (METHOD, path template, status) so a test can
prove that it exercised every documented operation.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator, RefResolver

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
UNDECLARED = "member not declared by any schema"

from openapi_formats import make_format_checker  # noqa: E402


# --------------------------------------------------------------------------- the document


@dataclass
class Operation:
    method: str          # upper case
    template: str        # as in the document, e.g. /api/v1/users/{id}
    op: dict             # the operation object
    path_item: dict

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.template)

    @property
    def operation_id(self) -> str:
        return self.op.get("operationId", f"{self.method} {self.template}")


class ConformanceError(AssertionError):
    pass


class Conformance:
    def __init__(self, document: dict | None = None, strict_members: bool = True):
        self.doc = document if document is not None else json.loads(DOC_PATH.read_text())
        assert str(self.doc.get("openapi", "")).startswith("3.1"), "not an OpenAPI 3.1 document"
        self.strict_members = strict_members
        self.resolver = RefResolver(base_uri="", referrer=self.doc)
        self.answer_formats = make_format_checker(answer=True)
        self.request_formats = make_format_checker(answer=False)
        servers = self.doc.get("servers") or [{"url": "/"}]
        url = urllib.parse.urlsplit(servers[0].get("url", "/")).path.rstrip("/")
        prefix = url  # "/" -> ""
        self.operations: dict[tuple[str, str], Operation] = {}
        self._templates: list[tuple[re.Pattern, str, int]] = []
        for template, item in self.doc.get("paths", {}).items():
            item = self.deref(item)
            full = prefix + template
            for method in METHODS:
                if method in item:
                    self.operations[(method.upper(), full)] = Operation(method.upper(), full, item[method], item)
            regex = "^" + re.sub(r"\\\{([^}/]+)\\\}", r"(?P<\1>[^/]+)", re.escape(full)) + "$"
            self._templates.append((re.compile(regex), full, full.count("{")))
        # literal segments win over templated ones (/users/me before /users/{id})
        self._templates.sort(key=lambda t: t[2])
        self.seen: list[tuple[str, str, int]] = []
        # which component schemas answers used, and which of their members answers carried
        self._component_names = {id(schema): name for name, schema
                                 in self.doc.get("components", {}).get("schemas", {}).items()}
        self.applied_components: set[str] = set()
        self.observed_members: set[tuple[str, str]] = set()
        self._recording = True

    # ---------------------------------------------------------------- lookups

    def deref(self, obj: Any) -> Any:
        """Follows "$ref" (possibly chained) within the document."""
        seen = set()
        while isinstance(obj, dict) and isinstance(obj.get("$ref"), str):
            ref = obj["$ref"]
            assert ref not in seen, f"$ref cycle at {ref}"
            seen.add(ref)
            _, obj = self.resolver.resolve(ref)
        return obj

    def match_path(self, path: str) -> tuple[str, dict] | None:
        """(template, path parameters) for a concrete path (no query), or None."""
        path = urllib.parse.urlsplit(path).path
        for regex, template, _ in self._templates:
            m = regex.match(path)
            if m:
                return template, {k: urllib.parse.unquote(v) for k, v in m.groupdict().items()}
        return None

    def methods_for(self, template: str) -> set[str]:
        return {m for (m, t) in self.operations if t == template}

    def find_operation(self, method: str, path: str) -> Operation:
        found = self.match_path(path)
        if found is None:
            raise ConformanceError(f"{method} {path}: no path in the document matches")
        template, _ = found
        op = self.operations.get((method.upper(), template))
        if op is None:
            raise ConformanceError(f"{method} {path}: the document has no {method.upper()} for {template} "
                                   f"(only {sorted(self.methods_for(template))})")
        return op

    def response_object(self, op: Operation, status: int) -> tuple[str, dict]:
        responses = op.op.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if key in responses:
                return key, self.deref(responses[key])
        raise ConformanceError(f"{op.method} {op.template}: status {status} is not documented "
                               f"(documented: {sorted(responses)})")

    def parameters(self, op: Operation) -> list[dict]:
        """Path-item and operation parameters, the operation's winning on (name, in)."""
        merged: dict[tuple[str, str], dict] = {}
        for p in list(op.path_item.get("parameters", [])) + list(op.op.get("parameters", [])):
            p = self.deref(p)
            merged[(p["name"], p["in"])] = p
        return list(merged.values())

    # ---------------------------------------------------------------- schema validation

    def schema_errors(self, schema: dict, instance: Any, answer: bool = True, where: str = "body") -> list[str]:
        checker = self.answer_formats if answer else self.request_formats
        validator = Draft202012Validator(schema, resolver=self.resolver, format_checker=checker)
        problems = []
        for err in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            loc = where + "".join(f"[{p!r}]" for p in err.absolute_path)
            schema_loc = "/".join(str(p) for p in err.absolute_schema_path)
            problems.append(f"{loc}: {err.message} (schema: {schema_loc})")
        if not problems and answer and self.strict_members:
            problems += [f"{where}{p}: {UNDECLARED}" for p in self.undeclared(schema, instance)]
        return problems

    def _valid(self, schema: dict, instance: Any) -> bool:
        return Draft202012Validator(schema, resolver=self.resolver, format_checker=self.answer_formats) \
            .is_valid(instance)

    def _applicable(self, schema: Any, instance: Any, out: list[dict], depth: int = 0) -> None:
        """Every (sub)schema that applies to `instance` at this location: $ref, allOf, and the
        anyOf/oneOf branches the instance actually matches."""
        if not isinstance(schema, dict) or depth > 50:
            return
        if "$ref" in schema:
            _, target = self.resolver.resolve(schema["$ref"])
            self._applicable(target, instance, out, depth + 1)
        out.append(schema)
        for sub in schema.get("allOf", []):
            self._applicable(sub, instance, out, depth + 1)
        for key in ("anyOf", "oneOf"):
            for sub in schema.get(key, []):
                if self._valid(sub, instance):
                    self._applicable(sub, instance, out, depth + 1)

    def undeclared(self, schema: dict, instance: Any, path: str = "") -> list[str]:
        """Locations of object members that no applicable schema declares. An object whose
        schemas declare no properties at all (free-form) or allow extra members by a schema
        (additionalProperties / patternProperties) is not checked."""
        applicable: list[dict] = []
        self._applicable(schema, instance, applicable)
        found: list[str] = []
        if isinstance(instance, dict):
            declared: dict[str, list[dict]] = {}
            free = True
            for s in applicable:
                name = self._component_names.get(id(s))
                if name is not None and self._recording:
                    self.applied_components.add(name)
                    self.observed_members.update((name, key) for key in instance if key in s.get("properties", {}))
                if "properties" in s:
                    free = False
                    for name, sub in s["properties"].items():
                        declared.setdefault(name, []).append(sub)
                extra = s.get("additionalProperties", False)
                if extra is not False or "patternProperties" in s:
                    free = True
            if not free:
                for name, value in instance.items():
                    if name not in declared:
                        found.append(f"{path}[{name!r}]")
                        continue
                    for sub in declared[name]:
                        found += self.undeclared(sub, value, f"{path}[{name!r}]")
        elif isinstance(instance, list):
            for s in applicable:
                items = s.get("items")
                if isinstance(items, dict):
                    for i, value in enumerate(instance):
                        found += self.undeclared(items, value, f"{path}[{i}]")
        return sorted(set(found))

    # ---------------------------------------------------------------- answers

    def check(self, resp, method: str | None = None, path: str | None = None) -> list[str]:
        """Problems with a `requests` answer (empty when it matches the document). The method
        and path default to those of resp.request."""
        req = resp.request
        method = (method or req.method).upper()
        path = path or urllib.parse.urlsplit(req.url).path
        what = f"{method} {path} -> {resp.status_code}"
        try:
            op = self.find_operation(method, path)
            key, response = self.response_object(op, resp.status_code)
        except ConformanceError as e:
            return [f"{what}: {e}"]
        self.seen.append((op.method, op.template, resp.status_code))
        problems = [f"{what}: {p}" for p in self._check_response(response, resp)]
        return problems

    def _check_response(self, response: dict, resp) -> list[str]:
        problems: list[str] = []
        content = response.get("content") or {}
        raw_ct = resp.headers.get("Content-Type")
        media = raw_ct.split(";")[0].strip().lower() if raw_ct else None
        body = resp.content
        if resp.status_code in (204, 304) or not content:
            if body:
                problems.append(f"a body ({len(body)} bytes, {raw_ct}) where the document describes none")
        else:
            if media is None:
                problems.append(f"no Content-Type; documented: {sorted(content)}")
            elif media not in {k.lower() for k in content}:
                problems.append(f"Content-Type {raw_ct!r}, documented: {sorted(content)}")
            else:
                media_obj = next(v for k, v in content.items() if k.lower() == media)
                schema = media_obj.get("schema")
                if media.endswith("json") or media.endswith("+json"):
                    try:
                        instance = json.loads(body.decode("utf-8"))
                    except (UnicodeDecodeError, json.JSONDecodeError) as e:
                        problems.append(f"the body is not JSON ({e}): {body[:200]!r}")
                    else:
                        if schema is not None:
                            problems += self.schema_errors(schema, instance, answer=True)
        problems += self._check_headers(response, resp)
        return problems

    def _check_headers(self, response: dict, resp) -> list[str]:
        problems = []
        for name, header in (response.get("headers") or {}).items():
            if name.lower() == "content-type":
                continue  # OpenAPI: ignored
            header = self.deref(header)
            values = _header_values(resp, name)
            if not values:
                if header.get("required"):
                    problems.append(f"required header {name} is missing")
                continue
            schema = header.get("schema")
            if schema is None:
                continue
            for value in values:
                coerced = self._coerce(schema, value)
                problems += self.schema_errors(schema, coerced, answer=True, where=f"header {name}")
        return problems

    def check_not_routed(self, resp, method: str | None = None, path: str | None = None) -> list[str]:
        """An answer to a (method, path) the document has no operation for. docs/API.md: a path
        that exists without this method is 405 `method-not-allowed`, and then the Allow header
        must list exactly the documented methods (HEAD/OPTIONS aside); any other path is 404
        `not-found`. Both are Problem documents (application/problem+json)."""
        req = resp.request
        method = (method or req.method).upper()
        path = path or urllib.parse.urlsplit(req.url).path
        what = f"{method} {path} -> {resp.status_code}"
        found = self.match_path(path)
        if found is not None and (method, found[0]) in self.operations:
            return [f"{what}: the document has this operation; use check()"]
        want, slug = (405, "method-not-allowed") if found is not None else (404, "not-found")
        problems = []
        if resp.status_code != want:
            problems.append(f"{what}: expected {want} {slug}")
        problem_response = {"content": {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"}}}}
        problems += [f"{what}: {p}" for p in self._check_response(problem_response, resp)]
        try:
            body = resp.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and resp.status_code == want:
            if body.get("type") != f"https://shiftsync.dev/problems/{slug}":
                problems.append(f"{what}: type {body.get('type')!r}, expected the {slug} problem")
            if body.get("status") != want:
                problems.append(f"{what}: status member {body.get('status')!r}")
        if want == 405 and resp.status_code == 405:
            allow = {m.strip().upper() for m in resp.headers.get("Allow", "").split(",") if m.strip()}
            allow -= {"HEAD", "OPTIONS"}
            documented = self.methods_for(found[0])
            if allow != documented:
                problems.append(f"{what}: Allow {sorted(allow)} but the document has {sorted(documented)} "
                                f"for {found[0]}")
        return problems

    # ---------------------------------------------------------------- requests

    def check_request(self, method: str, url_path: str, body: Any = None, has_body: bool = False,
                      content_type: str = "application/json") -> list[str]:
        """Problems with a request (the document would refuse it): path parameters, query
        parameters (unknown, missing, invalid), the body's media type and a JSON body's schema."""
        split = urllib.parse.urlsplit(url_path)
        what = f"request {method.upper()} {url_path}"
        try:
            op = self.find_operation(method, split.path)
        except ConformanceError as e:
            return [f"{what}: {e}"]
        _, path_params = self.match_path(split.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        problems = []
        params = self.parameters(op)
        for p in params:
            schema = p.get("schema", {})
            if p["in"] == "path":
                value = path_params.get(p["name"])
                problems += self.schema_errors(schema, self._coerce(schema, value), answer=False,
                                               where=f"{what}: path parameter {p['name']}")
            elif p["in"] == "query":
                if p["name"] not in query:
                    if p.get("required"):
                        problems.append(f"{what}: required query parameter {p['name']} is missing")
                    continue
                for value in query[p["name"]]:
                    problems += self.schema_errors(schema, self._coerce(schema, value), answer=False,
                                                   where=f"{what}: query parameter {p['name']}")
        documented = {p["name"] for p in params if p["in"] == "query"}
        for name in query:
            if name not in documented:
                problems.append(f"{what}: query parameter {name} is not documented")
        request_body = self.deref(op.op.get("requestBody")) if "requestBody" in op.op else None
        if request_body is None:
            if has_body:
                problems.append(f"{what}: a body, but the operation documents none")
        elif not has_body:
            if request_body.get("required"):
                problems.append(f"{what}: no body, but the document requires one")
        else:
            media_type = content_type.split(";")[0].strip().lower()
            media = request_body.get("content", {}).get(media_type)
            if media is None:
                problems.append(f"{what}: no {media_type} request body documented")
            elif media_type == "application/json" and "schema" in media:
                problems += self.schema_errors(media["schema"], body, answer=False, where=f"{what}: body")
        return problems

    def _coerce(self, schema: dict, value: Any) -> Any:
        """A string from a URL or header, as the schema's type would read it."""
        schema = self.deref(schema)
        if not isinstance(value, str):
            return value
        types = schema.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        if "integer" in types and re.fullmatch(r"-?\d+", value):
            return int(value)
        if "number" in types:
            try:
                return float(value)
            except ValueError:
                return value
        if "boolean" in types and value in ("true", "false"):
            return value == "true"
        return value

    # ---------------------------------------------------------------- the document itself

    def example_problems(self) -> list[str]:
        """Every example in the document validated against its schema (answers' examples as
        answers, requests' examples as requests)."""
        problems = []
        self._recording = False  # the document's own examples prove nothing about the server

        def media_examples(media: dict, where: str, answer: bool):
            schema = media.get("schema")
            if schema is None:
                return
            if "example" in media:
                problems.extend(self.schema_errors(schema, media["example"], answer, where + " example"))
            for name, ex in (media.get("examples") or {}).items():
                ex = self.deref(ex)
                if "value" in ex:
                    problems.extend(self.schema_errors(schema, ex["value"], answer, f"{where} example {name}"))

        for op in self.operations.values():
            where = f"{op.method} {op.template}"
            if "requestBody" in op.op:
                for mt, media in self.deref(op.op["requestBody"]).get("content", {}).items():
                    media_examples(media, f"{where} request {mt}", answer=False)
            for status, response in op.op.get("responses", {}).items():
                for mt, media in self.deref(response).get("content", {}).items():
                    media_examples(media, f"{where} {status} {mt}", answer=True)
        for name, schema in self.doc.get("components", {}).get("schemas", {}).items():
            # component schemas serve answers and requests alike: check with the request formats
            for i, ex in enumerate(schema.get("examples", [])):
                problems.extend(self.schema_errors({"$ref": f"#/components/schemas/{name}"}, ex, answer=False,
                                                   where=f"components.schemas.{name} examples[{i}]"))
        self._recording = True
        return problems

    def unobserved_members(self) -> list[str]:
        """`Schema.member` for every member of a component schema that answers used but never
        carried: a documented field the server never sends is drift too."""
        out = []
        for name in sorted(self.applied_components):
            for member in self.doc["components"]["schemas"][name].get("properties", {}):
                if (name, member) not in self.observed_members:
                    out.append(f"{name}.{member}")
        return out

    # ---------------------------------------------------------------- conveniences

    def assert_conforms(self, resp, method: str | None = None, path: str | None = None) -> None:
        problems = self.check(resp, method, path)
        if problems:
            raise ConformanceError("\n".join(problems))

    def exercised(self, success_only: bool = True) -> set[tuple[str, str]]:
        return {(m, t) for (m, t, s) in self.seen if not success_only or 200 <= s < 300}

    def statuses_seen(self) -> set[int]:
        return {s for (_, _, s) in self.seen}


def _header_values(resp, name: str) -> list[str]:
    raw = getattr(resp, "raw", None)
    headers = getattr(raw, "headers", None)
    if headers is not None and hasattr(headers, "getlist"):
        values = headers.getlist(name)
        if values:
            return list(values)
    value = resp.headers.get(name)
    return [value] if value is not None else []


def describe_keys(keys: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{m} {t}" for m, t in sorted(keys, key=lambda k: (k[1], k[0])))
