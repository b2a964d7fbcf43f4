"""Where uploads live, from one environment variable: MEDIA_STORAGE_URL.

Unset (or ``file:``): a folder on this machine, MEDIA_ROOT. ``s3://bucket/prefix?...``:
an S3-compatible bucket through django-storages, for several app machines with no shared
disk. Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY in the environment, or the machine's role), never from the URL.
The uploads are public (a blog's pictures); their links are plain, unsigned URLs of the
bucket or of the CDN in front of it (``custom_domain``).
"""

from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
# The query options a URL may give, as django-storages names them.
CACHE_SECONDS = 60 * 60 * 24 * 30
S3_OPTIONS = ("endpoint_url", "region_name", "custom_domain", "url_protocol", "addressing_style")


def default_storage(url):
    """STORAGES["default"] for MEDIA_STORAGE_URL ``url``."""
    if not url or url == "file:":
        return {"BACKEND": FILE_SYSTEM}
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL={url!r}: use s3://bucket for an S3-compatible bucket, or leave "
            "it unset for the folder MEDIA_ROOT."
        )
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL carries a key: give it in AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead, where logs and error pages never show it."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL={url!r} names no bucket: s3://bucket.")
    options = dict(parse_qsl(parts.query))
    unknown = sorted(set(options) - set(S3_OPTIONS))
    if unknown:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL has {', '.join(unknown)}, which it does not know; it knows "
            f"{', '.join(S3_OPTIONS)}."
        )
    return {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": parts.hostname,
            "location": parts.path.strip("/"),
            **options,
            # Public pictures, plain links; a second upload of a name gets a name of its
            # own, as on disk, instead of replacing the first.
            "querystring_auth": False,
            "file_overwrite": False,
            # A name is never stored twice, so browsers and CDNs may keep a copy.
            "object_parameters": {"CacheControl": f"public, max-age={CACHE_SECONDS}"},
        },
    }


def public_origin(storage):
    """The scheme and host the uploads are served from, when not this site's own."""
    options = storage.get("OPTIONS", {})
    if options.get("custom_domain"):
        protocol = options.get("url_protocol", "https:")
        return f"{protocol}//{options['custom_domain'].split('/')[0]}"
    if options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        return f"{endpoint.scheme}://{endpoint.netloc}"
    return None
