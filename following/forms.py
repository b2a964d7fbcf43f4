from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from comments.forms import GuardedForm
from following.models import Follow


class FollowForm(GuardedForm):
    """What a reader asks to follow, by email; on an author's or a tag's page, that too."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    follow = forms.ChoiceField(label=_("Follow"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the mail"), choices=settings.LANGUAGES)
    author = forms.SlugField(required=False, widget=forms.HiddenInput)
    tag = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, author=None, tag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_author, self.target_tag = author, tag
        choices = [(Follow.Kind.BLOG, _("every new post"))]
        if author is not None:
            choices.insert(0, (Follow.Kind.AUTHOR, _("posts by %(name)s") % {"name": author}))
            self.initial.setdefault("author", author.slug)
        if tag is not None:
            choices.insert(0, (Follow.Kind.TAG, _("posts tagged %(tag)s") % {"tag": tag.name}))
            self.initial.setdefault("tag", tag.slug)
        self.fields["follow"].choices = choices
        self.initial.setdefault("follow", choices[0][0])
        self.initial.setdefault("language", get_language())
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def target(self):
        """(kind, the author or tag followed, or None)."""
        kind = self.cleaned_data["follow"]
        if kind == Follow.Kind.AUTHOR:
            return kind, self.target_author
        if kind == Follow.Kind.TAG:
            return kind, self.target_tag
        return kind, None


class ManageForm(forms.Form):
    """What a follower keeps following, and in which language."""

    keep = forms.MultipleChoiceField(
        label=_("Keep following"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language of the mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, follower, **kwargs):
        super().__init__(*args, **kwargs)
        follows = follower.follows.confirmed().select_related("author", "tag", "comment__post")
        self.fields["keep"].choices = [(str(follow.pk), follow.subject()) for follow in follows]
        self.initial.setdefault("keep", [str(follow.pk) for follow in follows])
        self.initial.setdefault("language", follower.language)
