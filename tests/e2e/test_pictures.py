"""Profile pictures end to end on the default local-disk store: upload, re-encoding, reading with
caching, permissions, refusal of hostile files (leaving nothing behind), registration with a picture,
and the collection of replaced pictures. The same flows on S3 are in test_pictures_s3.py."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

import pictures
from support import (API, assert_problem, describe, expect, invite, make_org, new_email, new_password,
                     query_database, unique, wait_until)

FAST_COLLECTION = ["--blob-collect-seconds", "1", "--picture-replaced-grace-seconds", "0"]


def put_picture(actor, data: bytes, content_type: str = "image/jpeg", path: str = "/me/picture"):
    headers = {"Content-Type": content_type} if content_type else {}
    return actor.client.request("PUT", path, data=data, headers=headers)


def get_picture(actor, url: str, headers: dict | None = None):
    """GET a picture_url (which already carries /api/v1)."""
    return actor.client.request("GET", url, raw_path=True, headers=headers)


def blob_files(data_dir: Path) -> list[str]:
    root = data_dir / "blobs"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def database_rows(data_dir: Path) -> tuple[list, list]:
    """(users' picture ids, blob deletion ledger) straight from the database."""
    users = query_database(data_dir, "SELECT id, picture_id FROM users ORDER BY id")
    ledger = query_database(data_dir, "SELECT blob_key, due_at FROM blob_deletions ORDER BY blob_key")
    return users, ledger


def settled(srv, stored=None) -> None:
    """Waits until the collector has deleted every blob whose deletion is due (replaced pictures go
    after 0 s here), so that a before/after comparison sees only what the request under test did.

    An empty ledger alone is not enough: the collector claims its rows first and deletes the files
    after, so it also waits until every stored file belongs to a picture some user has. `stored`
    lists the keys (the local disk's by default)."""
    stored = stored or (lambda: blob_files(srv.data_dir))

    def nothing_left_to_collect() -> bool:
        users, ledger = database_rows(srv.data_dir)
        current = {picture for _, picture in users if picture}
        return not ledger and all(key.rsplit("/", 1)[-1].rsplit("-", 1)[0] in current for key in stored())

    wait_until(nothing_left_to_collect, timeout=15, what="the blob collector to settle")


@pytest.fixture(scope="module")
def srv(module_factory):
    return module_factory.start(args=FAST_COLLECTION, name="pictures")


@pytest.fixture(scope="module")
def team(srv):
    return make_org(srv)


@pytest.fixture(scope="module")
def pictured(srv):
    """An employee who has a picture, for tests that must leave it as it is."""
    person = make_org(srv).employee
    expect(put_picture(person, pictures.jpeg()), 200)
    return person


def test_upload_is_reencoded_to_two_square_jpegs_without_metadata(srv, team):
    photo = pictures.jpeg(1200, 800, gps=True)
    assert pictures.has_metadata(photo)  # the test file really carries EXIF with GPS
    me = expect(put_picture(team.employee, photo), 200)
    url = me["picture_url"]
    assert url.startswith(f"{API}/users/{team.employee.id}/picture?v="), me

    small = get_picture(team.employee, url)
    assert small.status_code == 200, describe(small)
    assert small.headers["Content-Type"] == "image/jpeg"
    assert small.headers["X-Content-Type-Options"] == "nosniff"
    assert pictures.size_of(small.content) == ("JPEG", 128, 128)
    large = get_picture(team.employee, url + "&size=512")
    assert pictures.size_of(large.content) == ("JPEG", 512, 512)
    for rendition in (small.content, large.content):
        assert not pictures.has_metadata(rendition)
        assert rendition != photo


@pytest.mark.parametrize("make, content_type", [(pictures.png, "image/png"), (pictures.webp, "image/webp"),
                                                (pictures.jpeg, "image/jpeg; charset=binary")])
def test_png_webp_and_jpeg_are_accepted(srv, make, content_type):
    person = make_org(srv).employee
    me = expect(put_picture(person, make(), content_type), 200)
    assert pictures.size_of(get_picture(person, me["picture_url"]).content) == ("JPEG", 128, 128)


def test_caching_etag_and_304(srv, team):
    me = expect(put_picture(team.manager, pictures.png(), "image/png"), 200)
    url = me["picture_url"]
    first = get_picture(team.employee, url)
    assert first.status_code == 200, describe(first)
    assert first.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    etag = first.headers["ETag"]

    again = get_picture(team.employee, url, headers={"If-None-Match": etag})
    assert again.status_code == 304, describe(again)
    assert again.content == b""
    assert again.headers["ETag"] == etag

    # Without the version the answer must be revalidated; a stale validator gets the bytes.
    bare = f"{API}/users/{team.manager.id}/picture"
    unversioned = get_picture(team.employee, bare)
    assert unversioned.headers["Cache-Control"] == "private, no-cache"
    assert unversioned.content == first.content
    stale = get_picture(team.employee, bare, headers={"If-None-Match": '"old-128"'})
    assert stale.status_code == 200 and stale.content == first.content
    # The 512 rendition has a validator of its own.
    large = get_picture(team.employee, bare + "?size=512", headers={"If-None-Match": etag})
    assert large.status_code == 200 and large.headers["ETag"] != etag


def test_user_and_schedule_responses_carry_the_picture_url(srv, team):
    me = expect(put_picture(team.owner, pictures.jpeg()), 200)
    assert team.employee.client.ok(f"/users/{team.owner.id}")["picture_url"] == me["picture_url"]
    assert team.owner.client.ok("/me")["picture_url"] == me["picture_url"]
    listed = {u["id"]: u for u in team.employee.client.ok("/users")["users"]}
    assert listed[team.owner.id]["picture_url"] == me["picture_url"]
    schedule = team.employee.client.ok("/schedule")
    rows = {e["id"]: e for e in schedule["employees"]}
    assert rows[team.owner.id]["picture_url"] == me["picture_url"]


def test_reading_needs_the_same_organisation(srv, team):
    me = expect(put_picture(team.employee, pictures.jpeg()), 200)
    stranger = make_org(srv).owner
    assert_problem(get_picture(stranger, me["picture_url"]), 404, "not-found")
    anonymous = srv.client().request("GET", me["picture_url"], raw_path=True)
    assert_problem(anonymous, 401, "unauthenticated")
    assert_problem(team.employee.client.get(f"/users/{team.employee.id}/picture", params={"size": "64"}),
                   400, "malformed-request")
    nobody = make_org(srv)
    assert_problem(nobody.employee.client.get(f"/users/{nobody.manager.id}/picture"), 404, "not-found")


def test_managers_set_and_remove_anyones_picture_employees_only_their_own(srv):
    team = make_org(srv)
    target = f"/users/{team.employee.id}/picture"
    set_by_manager = expect(put_picture(team.manager, pictures.png(), "image/png", path=target), 200)
    assert set_by_manager["id"] == team.employee.id and set_by_manager["picture_url"]
    expect(put_picture(team.owner, pictures.png(), "image/png", path=f"/users/{team.manager.id}/picture"), 200)

    colleague = f"/users/{team.manager.id}/picture"
    before = team.manager.client.ok("/me")["picture_url"]
    assert_problem(put_picture(team.employee, pictures.png(), "image/png", path=colleague), 403, "forbidden")
    assert_problem(team.employee.client.delete(colleague), 403, "forbidden")
    assert team.manager.client.ok("/me")["picture_url"] == before

    removed = expect(team.manager.client.delete(target), 200)
    assert removed["picture_url"] is None
    assert_problem(team.manager.client.get(target), 404, "not-found")
    expect(team.manager.client.delete(target), 200)  # idempotent

    expect(put_picture(team.employee, pictures.jpeg()), 200)
    assert expect(team.employee.client.delete("/me/picture"), 200)["picture_url"] is None


@pytest.mark.parametrize("what, content_type, body, status, slug", pictures.bad_uploads(),
                         ids=[case[0] for case in pictures.bad_uploads()])
def test_bad_files_are_refused_and_change_nothing(srv, pictured, what, content_type, body, status, slug):
    settled(srv)
    me_before = pictured.client.ok("/me")
    files_before = blob_files(srv.data_dir)
    rows_before = database_rows(srv.data_dir)

    assert_problem(put_picture(pictured, body, content_type), status, slug)

    assert pictured.client.ok("/me") == me_before
    assert blob_files(srv.data_dir) == files_before
    assert database_rows(srv.data_dir) == rows_before


def test_a_50_mb_body_is_refused_before_it_is_read(srv, team):
    expect(put_picture(team.employee, pictures.jpeg()), 200)
    settled(srv)
    files_before = blob_files(srv.data_dir)
    rows_before = database_rows(srv.data_dir)
    size = 50 * 1024 * 1024
    head = (f"PUT {API}/me/picture HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {team.employee.token}\r\n"
            f"Content-Type: image/jpeg\r\nContent-Length: {size}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as conn:
        conn.sendall(head + b"\xff\xd8\xff" + b"\0" * 65536)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"payload-too-large" in answer or b"application/problem+json" in answer
    assert blob_files(srv.data_dir) == files_before
    assert database_rows(srv.data_dir) == rows_before


def test_a_camera_photo_over_the_json_body_limit_is_accepted(srv, team):
    photo = pictures.noisy_jpeg()
    assert len(photo) > 2 * 1024 * 1024  # well over the 1 MiB limit of JSON bodies
    me = expect(put_picture(team.owner, photo), 200)
    assert pictures.size_of(get_picture(team.owner, me["picture_url"] + "&size=512").content) == ("JPEG", 512, 512)


def test_a_picture_just_over_10_mb_is_refused(srv, team):
    body = pictures.jpeg() + b"\0" * (10 * 1024 * 1024)
    assert_problem(put_picture(team.employee, body), 413, "payload-too-large")


def test_replaced_and_removed_pictures_are_collected(srv):
    person = make_org(srv).employee
    first = expect(put_picture(person, pictures.jpeg()), 200)["picture_url"].split("v=")[1]
    second = expect(put_picture(person, pictures.png(), "image/png"), 200)["picture_url"].split("v=")[1]
    wait_until(lambda: not any(first in f for f in blob_files(srv.data_dir)), timeout=15,
               what="the replaced picture's blobs to be deleted")
    assert sorted(f for f in blob_files(srv.data_dir) if second in f) == [f"pictures/{second}-128.jpg",
                                                                         f"pictures/{second}-512.jpg"]
    expect(person.client.delete("/me/picture"), 200)
    wait_until(lambda: not any(second in f for f in blob_files(srv.data_dir)), timeout=15,
               what="the removed picture's blobs to be deleted")
    assert not any(key for key, _ in database_rows(srv.data_dir)[1] if first in key or second in key)


# ------------------------------------------------------------------ registration with a picture

def register_form(srv, fields, picture):
    body, content_type = pictures.sign_up_form(fields, picture)
    return srv.client().request("POST", "/auth/register", data=body, headers={"Content-Type": content_type})


def test_register_by_invitation_with_a_picture(srv, team):
    email = new_email("pictured")
    inv = invite(team.manager, email, "employee")
    fields = {"name": "Pia Pictured", "email": email, "password": new_password(), "invitation": inv["token"],
              "position": "Cook"}
    got = expect(register_form(srv, fields, ("image/jpeg", pictures.jpeg(800, 600, gps=True))), 201)
    assert got["user"]["position"] == "Cook"
    url = got["user"]["picture_url"]
    assert url, got
    small = get_picture(team.manager, url)
    assert pictures.size_of(small.content) == ("JPEG", 128, 128)
    assert not pictures.has_metadata(small.content)
    # The client's file name is never used: the stored keys are the server's own.
    assert not any("me.jpg" in f or ".." in f for f in blob_files(srv.data_dir))


def test_a_sign_up_form_may_carry_a_photo_of_several_megabytes(srv):
    photo = pictures.noisy_jpeg()
    assert len(photo) > 2 * 1024 * 1024
    fields = {"name": "Big Photo", "email": new_email("big"), "password": new_password(),
              "organization.name": unique("Org "), "organization.time_zone": "UTC"}
    assert expect(register_form(srv, fields, ("image/jpeg", photo)), 201)["user"]["picture_url"]


def test_register_new_organisation_by_form_without_a_picture(srv):
    fields = {"name": "Form Owner", "email": new_email("form"), "password": new_password(),
              "organization.name": unique("Form Org "), "organization.time_zone": "Europe/Paris",
              "organization.week_start": "sunday"}
    got = expect(register_form(srv, fields, ("application/octet-stream", b"")), 201)  # empty file input
    assert got["user"]["picture_url"] is None
    assert got["organization"]["time_zone"] == "Europe/Paris"
    assert got["organization"]["week_start"] == "sunday"


def test_a_bad_picture_refuses_the_registration_and_creates_nothing(srv, team):
    email = new_email("refused")
    inv = invite(team.manager, email, "employee")
    fields = {"name": "Rita Refused", "email": email, "password": new_password(), "invitation": inv["token"]}
    settled(srv)
    files_before = blob_files(srv.data_dir)
    rows_before = database_rows(srv.data_dir)
    assert_problem(register_form(srv, fields, ("image/png", pictures.SVG)), 422, "invalid-picture", "picture")
    assert_problem(register_form(srv, fields, ("image/svg+xml", pictures.SVG)), 415, "unsupported-media-type")
    assert blob_files(srv.data_dir) == files_before
    assert database_rows(srv.data_dir) == rows_before
    pending = {i["email"] for i in team.manager.client.ok("/invitations")["invitations"]}
    assert email in pending  # not used up
    expect(register_form(srv, fields, ("image/png", pictures.png())), 201)  # and it still works


@pytest.mark.parametrize("fields_extra, picture, status, slug, field", [
    ({"name": ""}, None, 422, "invalid-input", "name"),
    ({"surprise": "x"}, None, 422, "invalid-input", "surprise"),
    ({"organization.planet": "Mars"}, None, 422, "invalid-input", "organization.planet"),
])
def test_form_fields_are_checked_like_json(srv, fields_extra, picture, status, slug, field):
    fields = {"name": "Form Person", "email": new_email("form"), "password": new_password(),
              "organization.name": unique("Org "), "organization.time_zone": "UTC"}
    fields.update(fields_extra)
    assert_problem(register_form(srv, fields, picture), status, slug, field)


def test_a_malformed_form_is_a_400(srv):
    body = b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nno closing delimiter'
    r = srv.client().request("POST", "/auth/register", data=body,
                             headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert_problem(r, 400, "malformed-request")
