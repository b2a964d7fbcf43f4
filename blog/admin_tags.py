"""Tags in the admin: taggit's, with its merge in the editor's language and through our
write path (taggit's moves tagged items one row at a time, past the posts' search labels)."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from blog.models import Post, TagDescription
from core.admin_language import ChangeMessageMixin


class MergeTagsForm(forms.Form):
    new_tag_name = forms.CharField(
        label=_("Merge into"),
        max_length=100,
        help_text=_("The name of a new tag or of an existing one."),
    )


def merge_tags(tags, name):
    """Give the posts of ``tags`` the tag ``name`` instead; return how many posts changed."""
    target, _created = Tag.objects.get_or_create(name=name)
    posts = Post.objects.filter(tags__in=[tag for tag in tags if tag != target]).distinct()
    with transaction.atomic():
        for post in posts:
            post.tags.remove(*[tag for tag in tags if tag != target])
            post.tags.add(target)
    return len(posts)


class TagDescriptionInline(admin.StackedInline):
    model = TagDescription
    can_delete = False
    fields = ["description"]


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ChangeMessageMixin, TaggitTagAdmin):
    # A post's tags change through the post (post.tags: its search labels and pages
    # follow), not through taggit's inline of tagged items; the tag page's text is here.
    inlines = [TagDescriptionInline]
    actions = ["merge_selected"]

    @admin.action(description=_("Merge selected tags"), permissions=["change"])
    def merge_selected(self, request, queryset):
        request.session["selected_tag_ids"] = [tag.pk for tag in queryset]
        return redirect("admin:taggit_tag_merge_tags")

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:taggit_tag_changelist")
        tags = list(Tag.objects.filter(pk__in=request.session.get("selected_tag_ids", [])))
        form = MergeTagsForm(request.POST or None)
        if tags and form.is_valid():
            count = merge_tags(tags, form.cleaned_data["new_tag_name"])
            request.session.pop("selected_tag_ids", None)
            self.message_user(
                request,
                ngettext(
                    "Tags merged: %(count)d post changed.",
                    "Tags merged: %(count)d posts changed.",
                    count,
                )
                % {"count": count},
            )
            return redirect("admin:taggit_tag_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.opts,
            "form": form,
            "tags": tags,
        }
        return TemplateResponse(request, "admin/taggit/merge_tags_form.html", context)
