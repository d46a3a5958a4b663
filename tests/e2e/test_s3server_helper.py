"""The S3Server helper itself: what it lists and reads is what was stored, and it stops on exit."""
from __future__ import annotations

import socket

import pytest

from s3server import S3Server


def test_s3server_lists_and_reads_objects_and_stops_on_exit():
    with S3Server(bucket="helper-check") as s3:
        payload = bytes(range(256)) * 3
        s3.put("pictures/a-128.jpg", payload, "image/jpeg")
        assert s3.keys() == ["pictures/a-128.jpg"]
        assert s3.get("pictures/a-128.jpg") == payload
        with pytest.raises(KeyError):
            s3.get("pictures/missing.jpg")
        port = s3.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
