"""Commenters' personal data: the IP address is only ever stored as a salted hash."""

from django.conf import settings
from django.utils.crypto import salted_hmac


def hash_ip(ip_address):
    """A stable, salted, non-reversible token for ``ip_address`` (empty for no address)."""
    if not ip_address:
        return ""
    return salted_hmac(settings.COMMENTS_IP_SALT, ip_address, algorithm="sha256").hexdigest()
