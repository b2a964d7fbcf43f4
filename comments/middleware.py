from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

from comments.tokens import CSRF_TOKEN_SLOT, FORM_TOKEN_SLOT, make_form_token

# The slots only where the form's hidden inputs hold them, never elsewhere on the page.
_FORM_FIELD = 'name="form_token" value="{}"'
_CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{}"'
_FORM_SLOT = _FORM_FIELD.format(FORM_TOKEN_SLOT).encode()
_CSRF_SLOT = _CSRF_FIELD.format(CSRF_TOKEN_SLOT).encode()


class CommentFormMiddleware:
    """Write this reader's CSRF token and a fresh form token into a page with the form.

    The page itself may come from the shared page cache (which stores a pickled copy, so
    writing here never changes the cached page); only these two values are the reader's.
    Listed after CsrfViewMiddleware, so that the CSRF cookie ``get_token`` asks for is set
    on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or _FORM_SLOT not in response.content
        ):
            return response
        form_field = _FORM_FIELD.format(make_form_token()).encode()
        csrf_field = _CSRF_FIELD.format(get_token(request)).encode()
        response.content = response.content.replace(_FORM_SLOT, form_field).replace(
            _CSRF_SLOT, csrf_field
        )
        # The page now holds this reader's tokens: no shared cache may keep it.
        patch_cache_control(response, private=True)
        return response
