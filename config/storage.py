"""Where uploaded images and documents are kept: this host's disk, or shared object storage."""

S3_BACKEND = "storages.backends.s3.S3Storage"


def media_storage(env):
    """Return the STORAGES["default"] entry that the environment asks for.

    With AWS_STORAGE_BUCKET_NAME set, uploads go to that S3-compatible bucket (AWS, MinIO,
    Ceph, Hetzner, ...; AWS_S3_ENDPOINT_URL names a non-AWS service), so that several web and
    worker hosts share them. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    or the host's role. Files are served from the bucket (or AWS_S3_CUSTOM_DOMAIN, a CDN) by
    plain URLs, since images appear in emails that may be opened years later: the bucket's
    policy must let anyone read its objects.
    """
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
