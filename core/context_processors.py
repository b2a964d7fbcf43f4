from core.models import SiteIdentity


def site(request):
    """The site's identity as editors set it: its name, logo, colour and footer."""
    identity = SiteIdentity.objects.current()
    return {"site": identity, "site_name": identity.name}
