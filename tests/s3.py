"""A real S3 API for the tests: moto's server mode, in a thread of the test process, on a free port of 127.0.0.1.

Buckets are made as README "Production" asks: the public one readable by anyone through its bucket policy, the private
one with no policy at all. The shop is pointed at them the way production is, through the environment read by
``storefront.config.media_storages``.
"""

import json
import urllib.error
import urllib.request
import uuid

import boto3
from moto.server import ThreadedMotoServer

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key-id", "AWS_SECRET_ACCESS_KEY": "test-secret-key",
               "AWS_S3_REGION_NAME": "eu-west-2"}


def public_read_policy(bucket):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicMedia", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]})


class S3Server:
    """The moto server, with a client of its own for making buckets and looking inside them."""

    def __init__(self):
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.client = boto3.client("s3", endpoint_url=self.endpoint, region_name=CREDENTIALS["AWS_S3_REGION_NAME"],
                                   aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                   aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])

    def stop(self):
        self._server.stop()

    def make_buckets(self):
        """A public and a private bucket with fresh names; returns the environment that points the shop at them."""
        suffix = uuid.uuid4().hex[:10]
        public, private = f"ttg-media-{suffix}", f"ttg-private-{suffix}"
        location = {"LocationConstraint": CREDENTIALS["AWS_S3_REGION_NAME"]}
        for bucket in (public, private):
            self.client.create_bucket(Bucket=bucket, CreateBucketConfiguration=location)
        self.client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
        return CREDENTIALS | {"AWS_STORAGE_BUCKET_NAME": public, "AWS_PRIVATE_STORAGE_BUCKET_NAME": private,
                              "AWS_S3_ENDPOINT_URL": self.endpoint}

    def keys(self, bucket):
        return {item["Key"] for item in self.client.list_objects_v2(Bucket=bucket).get("Contents", [])}

    def anonymous_get(self, url):
        """GET as a stranger would: no credentials, no signature. Returns (status, content type, body)."""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def object_url(self, bucket, key):
        return f"{self.endpoint}/{bucket}/{key}"
