"""Uploads go to S3-compatible object storage when it is configured, so that every host shares them."""

import json
import socket

import boto3
import pytest
import requests
import wagtail_factories
from moto.server import ThreadedMotoServer

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

from config.storage import media_storage

pytestmark = pytest.mark.django_db

BUCKET = "network-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Environment(dict):
    """The part of django-environ's `env` that media_storage() reads."""

    def __call__(self, name, default=None):
        return self.get(name, default)


@pytest.fixture
def object_storage(monkeypatch):
    """A local S3 server (moto in server mode) with an empty bucket; yields its endpoint."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "network",
        "AWS_SECRET_ACCESS_KEY": "network-secret",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    # What docs/deployment.md asks of the operator: anyone may read the uploads, nobody list or write.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield endpoint, client
    server.stop()


def test_without_a_bucket_uploads_stay_on_this_hosts_disk():
    assert media_storage(Environment())["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_images_renditions_and_documents_go_to_the_bucket_and_are_served_from_it(object_storage, settings):
    endpoint, client = object_storage
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(Environment(AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL=endpoint)),
    }

    image = wagtail_factories.ImageFactory(title="Map of the region")
    rendition = image.get_rendition("width-400")
    document = Document.objects.create(
        title="Annual report", file=ContentFile(b"%PDF-1.7 report", "report.pdf")
    )

    stored = {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {image.file.name, rendition.file.name, document.file.name} <= {
        key.removeprefix("media/") for key in stored
    }
    assert all(key.startswith("media/") for key in stored)
    # Another host reads the same files from the bucket by their plain, lasting URLs (emails keep them).
    assert rendition.url.startswith(f"{endpoint}/{BUCKET}/media/")
    assert "Signature" not in rendition.url
    response = requests.get(document.file.url, timeout=10)
    assert (response.status_code, response.content) == (200, b"%PDF-1.7 report")
