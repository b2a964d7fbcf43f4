"""The pages of following by email: the form, the confirmation, the follower's own page and
the one-click unsubscribe. None of them is cached: each is one reader's."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from taggit.models import Tag

from authors.models import Author
from comments import ratelimit
from comments.submission import reader_of
from comments.tokens import make_form_token
from following import subscribing
from following.forms import FollowForm, ManageForm
from following.models import Follower


def _targets(data):
    author = tag = None
    if data.get("author"):
        author = get_object_or_404(Author.objects.public(), slug=data["author"])
    if data.get("tag"):
        tag = get_object_or_404(Tag, slug=data["tag"])
    return {"author": author, "tag": tag}


def _within_rate_limits(request, email):
    reader = reader_of(request) or "unknown"
    by_reader = ratelimit.allow(f"follow:{reader}", settings.FOLLOW_RATE_LIMIT)
    by_address = ratelimit.allow(f"follow:{email.strip().lower()}", settings.FOLLOW_RATE_LIMIT)
    return by_reader and by_address


# Exempt from CSRF as the language switch is: the short form on every page comes from the
# shared page cache, with no token of this reader's. Nothing here acts for a signed-in user;
# the form's own signed time token, the honeypot, the rate limits and the mailed
# confirmation guard it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    """GET: the form (for the author or tag named). POST from the short form on every page:
    the same form, filled in, to send. POST from it: the request, confirmed by mail."""
    data = request.POST if request.method == "POST" else request.GET
    targets = _targets(data)
    if request.method == "GET" or "form_token" not in request.POST:
        initial = {name: data[name] for name in ("email", "language", "follow") if name in data}
        form = FollowForm(author=targets["author"], tag=targets["tag"],
                          initial={**initial, "form_token": make_form_token()})  # fmt: skip
        return render(request, "following/follow.html", {"form": form})
    form = FollowForm(request.POST, **targets)
    status = 400
    if form.is_valid():
        if _within_rate_limits(request, form.cleaned_data["email"]):
            kind, target = form.target()
            subscribing.request_follow(
                form.cleaned_data["email"], form.cleaned_data["language"], kind, target
            )
            # The same page whatever happened: it tells no one whom an address follows.
            return redirect("following:asked")
        form.add_error(
            None, _("Several requests came from you in a short time. Wait a minute and try again.")
        )
        status = 429
    # A fresh token: the reader sends the form she fixed, not the old one again.
    form.data = form.data.copy()
    form.data["form_token"] = make_form_token()
    return render(request, "following/follow.html", {"form": form}, status=status)


@never_cache
def asked(request):
    return render(request, "following/asked.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token, code):
    """GET shows a button: a mail program that opens links to check them confirms nothing."""
    if request.method == "GET":
        if not Follower.objects.filter(token=token).exists():
            raise Http404
        return render(request, "following/confirm.html", {"token": token, "code": code})
    confirmed = subscribing.confirm(token, code)
    if confirmed is None:
        return render(request, "following/confirm_failed.html", status=400)
    follower, follows = confirmed
    return render(request, "following/confirmed.html", {"follows": follows, "follower": follower})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    follower = get_object_or_404(Follower, token=token)
    form = ManageForm(request.POST or None, follower=follower)
    if request.method == "POST" and form.is_valid():
        kept = [int(pk) for pk in form.cleaned_data["keep"]]
        if not subscribing.keep_only(follower, kept, form.cleaned_data["language"]):
            return render(request, "following/unsubscribed.html")
        return redirect("following:manage", token=token)
    return render(request, "following/manage.html", {"form": form, "follower": follower})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a POST (a mail program's one-click, no cookies, no CSRF token) ends it and
    is answered directly, never redirected. A GET only asks (link checkers open links)."""
    if request.method == "GET":
        if not Follower.objects.filter(token=token).exists():
            return render(request, "following/unsubscribed.html")
        return render(request, "following/unsubscribe.html", {"token": token})
    subscribing.unsubscribe(token)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
    return render(request, "following/unsubscribed.html")
