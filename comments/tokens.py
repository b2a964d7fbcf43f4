"""The comment form's one-time token: when the form was shown, and a nonce against replays.

Post pages are cached whole for anonymous readers, so the token cannot be rendered into
the page. The page carries ``FORM_TOKEN_SLOT`` instead, and ``CommentFormMiddleware``
writes a fresh token (and the reader's CSRF token) into every response on its way out.
"""

import secrets
import time

from django.core import signing
from django.utils.safestring import mark_safe

# Written unescaped into the hidden inputs' values. What a reader or writer types can never
# come out as these attributes: "<" is escaped in text, '"' in attribute values.
FORM_TOKEN_SLOT = mark_safe("<comment-form-token>")
CSRF_TOKEN_SLOT = mark_safe("<comment-csrf-token>")
_SALT = "comments.form-token"


class InvalidToken(ValueError):
    pass


def make_form_token(now=None):
    issued = int(time.time() if now is None else now)
    return signing.dumps({"t": issued, "n": secrets.token_hex(16)}, salt=_SALT)


def read_form_token(value, now=None):
    """Return (seconds since the form was shown, nonce); raise InvalidToken if forged."""
    try:
        data = signing.loads(value, salt=_SALT)
        issued, nonce = int(data["t"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken(str(error)) from error
    return (time.time() if now is None else now) - issued, nonce
