from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import MAX_COMMENT_LENGTH, Comment
from comments.tokens import InvalidToken, read_form_token
from core.validators import web_url_validator


def assume_https(field, **kwargs):
    """An address typed without a scheme is taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class GuardedForm(forms.Form):
    """The checks that keep machines out of a form readers send without signing in.

    ``url`` is a honeypot: hidden from people (and from screen readers, with a label that
    says to leave it empty), filled in by bots that fill in every field. ``form_token``
    says when the form was shown (comments.tokens): too soon or too late is refused.
    """

    url = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nonce = None
        self.fields["url"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_url(self):
        if self.cleaned_data["url"]:
            raise forms.ValidationError(
                _(
                    "This field is hidden and should stay empty: people never see it, "
                    "machines fill it in. Empty it and send again."
                ),
                code="honeypot",
            )
        return ""

    def clean_form_token(self):
        try:
            age, nonce = read_form_token(self.cleaned_data["form_token"])
        except InvalidToken:
            raise forms.ValidationError(
                _("The form was damaged on the way. Send again: your text is kept below."),
                code="bad_token",
            ) from None
        if age < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(
                ngettext(
                    "That was sent faster than anyone can write. Wait %(seconds)d second "
                    "and send again.",
                    "That was sent faster than anyone can write. Wait %(seconds)d seconds "
                    "and send again.",
                    settings.COMMENTS_MIN_SECONDS,
                )
                % {"seconds": settings.COMMENTS_MIN_SECONDS},
                code="too_fast",
            )
        if age > settings.COMMENTS_MAX_FORM_AGE:
            raise forms.ValidationError(
                ngettext(
                    "The form was open for more than %(hours)d hour and has expired. "
                    "Send again: your text is kept below and the form is renewed.",
                    "The form was open for more than %(hours)d hours and has expired. "
                    "Send again: your text is kept below and the form is renewed.",
                    max(1, settings.COMMENTS_MAX_FORM_AGE // 3600),
                )
                % {"hours": max(1, settings.COMMENTS_MAX_FORM_AGE // 3600)},
                code="expired",
            )
        self.nonce = nonce
        return self.cleaned_data["form_token"]


class CommentForm(GuardedForm, forms.ModelForm):
    """A reader's comment, with the checks that keep machines out (``GuardedForm``)."""

    follow_replies = forms.BooleanField(
        label=_("Tell me by email when someone replies (we first ask you to confirm)"),
        required=False,
    )
    remember = forms.BooleanField(
        label=_("Remember my name and email in this browser"), required=False
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body", "parent"]
        labels = {"website": _("Website (optional)")}
        help_texts = {
            "email": _("Never shown publicly."),
            # The limit goes in per form (__init__): "%" here would translate the text
            # once, at import, in the default language.
            "body": _(
                "Paragraphs, *emphasis*, **bold**, links, lists, > quotes and `code`. "
                "At most %(limit)d characters."
            ),
        }
        error_messages = {"website": {"invalid": web_url_validator.message}}
        formfield_callback = assume_https
        widgets = {
            "parent": forms.HiddenInput,
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.post = post
        self.duplicate_of = None
        self.fields["parent"].queryset = Comment.objects.threads_on(post)
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "The comment you answered is no longer shown. Send yours as a new comment."
        )
        self.fields["body"].help_text = self.fields["body"].help_text % {
            "limit": MAX_COMMENT_LENGTH
        }
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["body"].widget.attrs["maxlength"] = MAX_COMMENT_LENGTH

    def clean(self):
        cleaned = super().clean()
        if self.nonce is None:
            return cleaned
        earlier = Comment.objects.filter(form_nonce=self.nonce).first()
        if earlier is None:
            return cleaned
        same = (earlier.email.lower(), earlier.body) == (
            (cleaned.get("email") or "").lower(),
            cleaned.get("body"),
        )
        if same:
            # The same comment sent twice (a double click, a reload): it is stored once.
            self.duplicate_of = earlier
            return cleaned
        raise forms.ValidationError(
            _(
                "This form has already sent a comment. Send again to post this one as "
                "a new comment: your text is kept below."
            ),
            code="replay",
        )
