#!/usr/bin/python3
"""The stand-in's own test: requests signed by botocore itself are accepted, and each way of
signing wrongly is refused with AWS's error type. Without this, a client test that passes could be
passing because the stand-in accepts everything. Runs under /usr/bin/python3 (python3-botocore)."""
import datetime
import http.client
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
AKID, SECRET, TOKEN, REGION = "AKIDSTANDINTEST", "standin-secret-key", "standin-session-token", "eu-west-1"
TARGET = "secretsmanager.GetSecretValue"


class StandIn:
    """The stand-in as a child process, ready once ready.json appears (20 s deadline)."""

    def __init__(self, *extra):
        self.temp = tempfile.TemporaryDirectory()
        secret_file = os.path.join(self.temp.name, "app.json")
        with open(secret_file, "w", encoding="utf-8") as f:
            f.write('{"session_key": "s3cr3t"}')
        self.dir = os.path.join(self.temp.name, "standin")
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "aws_standin.py"), "--dir", self.dir, "--access-key-id", AKID,
             "--secret-access-key", SECRET, "--region", REGION, "--secret", f"app={secret_file}", *extra])
        deadline = time.monotonic() + 20
        ready = os.path.join(self.dir, "ready.json")
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the stand-in did not become ready")
            time.sleep(0.02)
        with open(ready, encoding="utf-8") as f:
            self.ready = json.load(f)
        self.context = ssl.create_default_context(cafile=self.ready["ca_file"])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.temp.cleanup()

    def post(self, request, send_body=None):
        """Sends `request` (already signed) as is, optionally with another body than it was signed with."""
        body = request.body if send_body is None else send_body
        connection = http.client.HTTPSConnection("127.0.0.1", self.ready["https_port"], context=self.context,
                                                 timeout=10)
        connection.request("POST", "/", body=body, headers=dict(request.headers.items()))
        response = connection.getresponse()
        document = json.loads(response.read())
        connection.close()
        return response.status, document


def signed_request(secret_id="app", key=SECRET, token=None, region=REGION, service="secretsmanager",
                   timestamp=None, port=0):
    request = AWSRequest(method="POST", url=f"https://127.0.0.1:{port}/",
                         data=json.dumps({"SecretId": secret_id}).encode(),
                         headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.1"})
    signer = SigV4Auth(Credentials(AKID, key, token), service, region)
    if timestamp is None:
        signer.add_auth(request)
    else:  # add_auth with a chosen clock
        request.context["timestamp"] = timestamp
        signer._modify_request_before_signing(request)
        string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
        signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    return request


class LongTermKeys(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standin = StandIn()

    @classmethod
    def tearDownClass(cls):
        cls.standin.stop()

    def post(self, **kwargs):
        send_body = kwargs.pop("send_body", None)
        return self.standin.post(signed_request(port=self.standin.ready["https_port"], **kwargs), send_body)

    def test_accepts_botocore_signature(self):
        status, document = self.post()
        self.assertEqual(status, 200, document)
        self.assertEqual(document["SecretString"], '{"session_key": "s3cr3t"}')

    def test_refuses_wrong_secret_key(self):
        self.assertEqual(self.post(key="not-the-key"), (400, {
            "__type": "InvalidSignatureException",
            "message": "The request signature we calculated does not match the signature you provided. "
                       "Check your AWS Secret Access Key and signing method."}))

    def test_refuses_wrong_region_and_service(self):
        self.assertEqual(self.post(region="us-east-1")[1]["__type"], "InvalidSignatureException")
        self.assertEqual(self.post(service="s3")[1]["__type"], "InvalidSignatureException")

    def test_refuses_changed_body(self):
        status, document = self.post(send_body=json.dumps({"SecretId": "other"}).encode())
        self.assertEqual((status, document["__type"]), (400, "InvalidSignatureException"))

    def test_refuses_old_date_accepts_recent_one(self):
        old = (datetime.datetime.utcnow() - datetime.timedelta(minutes=6)).strftime(SIGV4_TIMESTAMP)
        status, document = self.post(timestamp=old)
        self.assertEqual((status, document["__type"]), (400, "InvalidSignatureException"))
        self.assertIn("Signature expired", document["message"])
        recent = (datetime.datetime.utcnow() - datetime.timedelta(minutes=4)).strftime(SIGV4_TIMESTAMP)
        self.assertEqual(self.post(timestamp=recent)[0], 200)

    def test_refuses_a_token_for_long_term_keys(self):
        self.assertEqual(self.post(token="made-up")[1]["__type"], "UnrecognizedClientException")

    def test_unknown_secret(self):
        self.assertEqual(self.post(secret_id="missing"), (400, {
            "__type": "ResourceNotFoundException", "message": "Secrets Manager can't find the specified secret."}))

    def test_fails_once_when_told(self):
        port = self.standin.ready["https_port"]
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=self.standin.context, timeout=10)
        connection.request("POST", "/_standin/fail-next?count=1")
        self.assertEqual(connection.getresponse().status, 200)
        connection.close()
        self.assertEqual(self.post(), (500, {"__type": "InternalFailure",
                                             "message": "The request processing has failed (told to fail)."}))
        self.assertEqual(self.post()[0], 200)


class SessionToken(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.standin = StandIn("--session-token", TOKEN)

    @classmethod
    def tearDownClass(cls):
        cls.standin.stop()

    def request(self, **kwargs):
        return signed_request(port=self.standin.ready["https_port"], **kwargs)

    def test_accepts_signed_token(self):
        request = self.request(token=TOKEN)
        self.assertIn("x-amz-security-token", request.headers["Authorization"])
        self.assertEqual(self.standin.post(request)[0], 200)

    def test_refuses_missing_token(self):
        self.assertEqual(self.standin.post(self.request())[1]["__type"], "UnrecognizedClientException")

    def test_refuses_unsigned_token(self):
        request = self.request()
        request.headers["X-Amz-Security-Token"] = TOKEN  # added after signing
        status, document = self.standin.post(request)
        self.assertEqual((status, document["__type"]), (400, "InvalidSignatureException"))

    def test_imds_needs_its_token(self):
        port = self.standin.ready["imds_port"]
        path = "/latest/meta-data/iam/security-credentials/"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        self.assertEqual(connection.getresponse().read(), b"Unauthorized")
        connection.request("PUT", "/latest/api/token", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        token = connection.getresponse().read().decode()
        connection.request("GET", path, headers={"X-aws-ec2-metadata-token": token})
        role = connection.getresponse().read().decode()
        connection.request("GET", path + role, headers={"X-aws-ec2-metadata-token": token})
        document = json.loads(connection.getresponse().read())
        connection.close()
        self.assertEqual((document["AccessKeyId"], document["SecretAccessKey"], document["Token"]),
                         (AKID, SECRET, TOKEN))


if __name__ == "__main__":
    unittest.main()
