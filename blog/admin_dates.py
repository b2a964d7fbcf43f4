"""Giving posts their real dates, several at once: posts imported without one first."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class PublicationDatesForm(forms.Form):
    """A publication time for each selected post; one left empty leaves that post as it is."""

    def __init__(self, posts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = posts
        for post in posts:
            known = post.published_at and not post.date_unknown
            self.fields[self.field_name(post)] = forms.DateTimeField(
                label=post.title,
                required=False,
                input_formats=[_LOCAL_INPUT, f"{_LOCAL_INPUT}:%S"],
                initial=timezone.localtime(post.published_at).strftime(_LOCAL_INPUT)
                if known
                else None,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                help_text=_("The source gave no date.") if post.date_unknown else "",
            )

    @staticmethod
    def field_name(post):
        return f"date_{post.pk}"

    def rows(self):
        return [(post, self[self.field_name(post)]) for post in self.posts]

    def save(self):
        """Give each post its time; return how many changed."""
        changed = 0
        for post in self.posts:
            when = self.cleaned_data[self.field_name(post)]
            if when is None or (when == post.published_at and not post.date_unknown):
                continue
            post.published_at, post.date_unknown = when, False
            post.save(update_fields=["published_at", "date_unknown", "updated_at"])
            changed += 1
        return changed
