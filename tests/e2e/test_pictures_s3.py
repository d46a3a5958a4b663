"""Profile pictures end to end on the S3-compatible store: shiftsync writes through its libcurl SigV4
adapter into a real s3rver, and what landed in the bucket is read back independently with Debian's
awscli. Bad files leave the bucket untouched; replaced pictures are collected from it."""
from __future__ import annotations

import pytest

import pictures
from s3server import S3Server
from support import assert_problem, expect, make_org, wait_until
from test_pictures import FAST_COLLECTION, get_picture, put_picture, settled


@pytest.fixture(scope="module")
def s3():
    with S3Server(bucket="shiftsync-pictures") as server:
        yield server


@pytest.fixture(scope="module")
def srv(module_factory, s3):
    args = ["--s3-bucket", s3.bucket, "--s3-endpoint", s3.endpoint, "--s3-region", s3.region,
            "--s3-path-style", "true", "--s3-access-key-id", s3.access_key] + FAST_COLLECTION
    return module_factory.start(args=args, env={"SHIFTSYNC_S3_SECRET_KEY": s3.secret_key}, name="s3")


def picture_id(user: dict) -> str:
    return user["picture_url"].split("v=")[1]


def test_pictures_land_in_the_bucket_and_are_served_from_it(srv, s3):
    team = make_org(srv)
    me = expect(put_picture(team.employee, pictures.jpeg(1000, 700, gps=True)), 200)
    pid = picture_id(me)
    keys = [k for k in s3.keys() if pid in k]
    assert keys == [f"pictures/{pid}-128.jpg", f"pictures/{pid}-512.jpg"]

    stored_small = s3.get(f"pictures/{pid}-128.jpg")
    stored_large = s3.get(f"pictures/{pid}-512.jpg")
    assert pictures.size_of(stored_small) == ("JPEG", 128, 128)
    assert pictures.size_of(stored_large) == ("JPEG", 512, 512)
    assert not pictures.has_metadata(stored_small) and not pictures.has_metadata(stored_large)

    served = get_picture(team.manager, me["picture_url"])
    assert served.status_code == 200 and served.content == stored_small
    assert get_picture(team.manager, me["picture_url"] + "&size=512").content == stored_large
    # Nothing is written to the local disk when S3 is configured.
    assert not (srv.data_dir / "blobs").exists() or not any((srv.data_dir / "blobs").rglob("*.jpg"))


def test_bad_files_leave_the_bucket_untouched(srv, s3):
    team = make_org(srv)
    expect(put_picture(team.employee, pictures.png(), "image/png"), 200)
    settled(srv, s3.keys)
    before = s3.keys()
    for what, content_type, body, status, slug in pictures.bad_uploads():
        assert_problem(put_picture(team.employee, body, content_type), status, slug)
    assert s3.keys() == before


def test_replaced_pictures_are_collected_from_the_bucket(srv, s3):
    person = make_org(srv).employee
    first = picture_id(expect(put_picture(person, pictures.jpeg()), 200))
    second = picture_id(expect(put_picture(person, pictures.webp(), "image/webp"), 200))
    wait_until(lambda: not any(first in k for k in s3.keys()), timeout=20,
               what="the replaced picture to leave the bucket")
    assert sorted(k for k in s3.keys() if second in k) == [f"pictures/{second}-128.jpg", f"pictures/{second}-512.jpg"]


def test_registration_with_a_picture_stores_it_in_the_bucket(srv, s3):
    from support import invite, new_email, new_password
    from test_pictures import register_form

    team = make_org(srv)
    email = new_email("s3reg")
    inv = invite(team.manager, email, "employee")
    got = expect(register_form(srv, {"name": "Sia Stored", "email": email, "password": new_password(),
                                     "invitation": inv["token"]}, ("image/png", pictures.png())), 201)
    pid = picture_id(got["user"])
    assert pictures.size_of(s3.get(f"pictures/{pid}-128.jpg")) == ("JPEG", 128, 128)


def test_an_unreachable_store_is_a_503_and_changes_nothing(module_factory):
    """A server whose bucket endpoint is down answers 503 and keeps the person's state."""
    dead = S3Server(bucket="gone")
    port = __import__("support").free_port()
    args = ["--s3-bucket", "gone", "--s3-endpoint", f"http://127.0.0.1:{port}", "--s3-path-style", "true",
            "--s3-access-key-id", dead.access_key]
    srv = module_factory.start(args=args, env={"SHIFTSYNC_S3_SECRET_KEY": dead.secret_key}, name="s3down")
    team = make_org(srv)
    before = team.employee.client.ok("/me")
    assert_problem(put_picture(team.employee, pictures.jpeg()), 503, "service-busy")
    assert team.employee.client.ok("/me") == before
