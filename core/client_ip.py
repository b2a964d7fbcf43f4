"""The reader's address, for rate limits, sign-in lockouts and commenters' IP hashes."""

from django.conf import settings
from ipware import get_client_ip

# Only the header our own proxies write. django-ipware would also read CDN headers
# (CF-Connecting-IP, True-Client-IP, ...), which anyone can send where no such CDN is.
_HEADERS = ["HTTP_X_FORWARDED_FOR"]


def client_ip(request):
    """The connection's address, or the one our own proxies vouch for.

    Behind DJANGO_TRUSTED_PROXY_COUNT proxies, each appends the address that connected
    to it to X-Forwarded-For, and the last one's own address is the connection's: the
    reader is the count-th address from the right. What a reader wrote into the header
    herself sits to the left of it and is never taken. In django-ipware's terms the
    header lists one proxy fewer than there are (the last is not in it), and its
    "left-most" order counts them from the right.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=_HEADERS,
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "")
