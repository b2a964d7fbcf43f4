from functools import partial

import reversion
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from authors.models import Author
from blog import admin_tags, admin_views, permissions  # noqa: F401 (registers the tag admin)
from blog.admin_dates import PublicationDatesForm
from blog.admin_filters import AttributionFilter, AuthorFilter, PublicationFilter
from blog.models import Post, PostAuthor
from core import editor
from core.admin_language import ChangeMessageMixin, revision_comment
from core.edit_conflicts import ConflictAdminMixin
from core.edit_locks import EditLockAdminMixin
from core.rendering import POST
from core.signals import went_public


class BylineFormSet(BaseInlineFormSet):
    """A writer who does not edit every post keeps herself in the byline of her posts:
    handing a post over is an editor's call."""

    writer = None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The table's column headings do not label its inputs for screen readers.
        form.fields["position"].widget.attrs["aria-label"] = _("Place in the byline")
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Remove from the byline")

    def clean(self):
        super().clean()
        if self.writer is None or self.writer.has_perm(permissions.EDIT_ALL):
            return
        own = Author.objects.filter(user=self.writer).values_list("pk", flat=True).first()
        for form in self.initial_forms:
            # The form's instance already holds what was sent; its initial, what was saved.
            was_hers = own is not None and form.initial.get("author") == own
            author = form.cleaned_data.get("author")
            if was_hers and (form.cleaned_data.get("DELETE") or getattr(author, "pk", None) != own):
                raise ValidationError(
                    _("Keep yourself in the byline; an editor can hand the post over to others.")
                )


class PostAuthorInline(admin.TabularInline):
    """The byline, in order; an author credits co-authors on her own posts."""

    model = PostAuthor
    formset = BylineFormSet
    extra = 0
    autocomplete_fields = ["author"]
    ordering = ["position"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.writer = request.user
        return formset

    # The per-post rule on top of the model permissions: only a post she may change.
    def _may(self, request, obj, permission):
        return permission and (obj is None or permissions.can_change(request.user, obj))

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj, super().has_add_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj, super().has_delete_permission(request, obj))


@admin.register(Post)
class PostAdmin(ChangeMessageMixin, EditLockAdminMixin, ConflictAdminMixin, CompareVersionAdmin):
    list_display = ["title", "status_label", "byline", "published_at", "updated_at", "tag_list"]
    list_filter = [
        "status",
        PublicationFilter,
        AuthorFilter,
        AttributionFilter,
        "date_unknown",
        "tags",
    ]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PostAuthorInline]
    readonly_fields = ["import_source", "notes", "created_at", "updated_at"]
    # Revisions keep what writers edit, with the byline; an editor compares and restores.
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt", "tags"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "date_unknown"]}),
        (_("Featured image"), {"fields": ["featured_image", "featured_image_alt"]}),
        (_("Discussion"), {"fields": ["comments_open", "comments_close_after_days"]}),
        (
            _("Import"),
            {
                "fields": ["import_source", "notes", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    actions = ["publish", "unpublish", "set_dates"]
    change_list_template = "admin/blog/post/change_list.html"
    # Compared when two writers' saves cross (core.edit_conflicts).
    conflict_fields = ["title", "body", "excerpt"]

    def get_queryset(self, request):
        posts = super().get_queryset(request).prefetch_related("tags", "bylines__author")
        return permissions.posts_visible_to(request.user, posts)

    @admin.display(description=_("import notes"))
    def notes(self, post):
        lines = post.import_note_lines()
        if not lines:
            return self.get_empty_value_display()
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, post):
        if post.is_scheduled:
            return format_html('<span class="post-scheduled">{}</span>', _("Scheduled"))
        return post.get_status_display()

    @admin.display(description=_("authors"))
    def byline(self, post):
        return ", ".join(author.display_name for author in post.author_list) or _("Unattributed")

    @admin.display(description=_("tags"))
    def tag_list(self, post):
        return ", ".join(tag.name for tag in post.tags.all())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = editor.MarkdownEditor(
                "admin:blog_post_preview", upload_url_name="admin:blog_post_upload_image"
            )
        if db_field.name == "tags":
            kwargs["widget"] = admin_views.TagSuggestWidget("admin:blog_post_tag_suggestions")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def may_write(self, request):
        return self.has_add_permission(request) or self.has_change_permission(request)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "preview/",
                wrap(partial(editor.markdown_preview, allowlist=POST, may_write=self.may_write)),
                name="blog_post_preview",
            ),
            path(
                "tag-suggestions/",
                wrap(partial(admin_views.tag_suggestions, may_write=self.may_write)),
                name="blog_post_tag_suggestions",
            ),
            path(
                "upload-image/",
                wrap(partial(admin_views.upload_image, may_write=self.may_write)),
                name="blog_post_upload_image",
            ),
            *super().get_urls(),
        ]

    # django-reversion checks only model permissions in its own views; each of them
    # reaches one post, so the per-object rule is applied here first.
    def _reachable(self, request, object_id, may):
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404(_("No such post."))
        if not may(request, post):
            raise PermissionDenied
        return post

    def history_view(self, request, object_id, extra_context=None):
        self._reachable(request, object_id, self.has_view_or_change_permission)
        return super().history_view(request, object_id, extra_context)

    def _get_action_list(self, request, object_id, extra_context=None):
        actions = super()._get_action_list(request, object_id, extra_context)
        for action in actions:
            action["revision"].comment = revision_comment(action["revision"].comment)
        return actions

    # reversion keeps the history's text as the writer who saved read it; the change
    # message itself is kept instead, and the history shows it in the reader's language.
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def compare_view(self, request, object_id, extra_context=None):
        self._reachable(request, object_id, self.has_view_or_change_permission)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        post = self._reachable(request, object_id, self.has_change_permission)
        # reversion writes the old version into the database, bylines included, before
        # the form is shown and saved. What this writer could not change by saving (a
        # contributor: the status and time, the byline) is put back as it is now.
        request.kept_by_restore = self._unchangeable(request, post)
        return super().revision_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _kept_by_restore(request):
        """(field values, byline) a restore keeps as they are now; nothing outside one."""
        return getattr(request, "kept_by_restore", ({}, None))

    def get_object(self, request, object_id, from_field=None):
        post = super().get_object(request, object_id, from_field)
        fields, _authors = self._kept_by_restore(request)
        if post is not None:
            for name, value in fields.items():
                setattr(post, name, value)
        return post

    def _unchangeable(self, request, post):
        read_only = set(self.get_readonly_fields(request, post))
        fields = {
            field.attname: getattr(post, field.attname)
            for field in post._meta.concrete_fields
            if field.name in read_only
        }
        may_edit_byline = request.user.has_perms(
            ["blog.add_postauthor", "blog.change_postauthor", "blog.delete_postauthor"]
        )
        return fields, None if may_edit_byline else post.author_list

    def _may_recover(self, request):
        return request.user.has_perm(permissions.EDIT_ALL) and self.has_add_permission(request)

    def recoverlist_view(self, request, extra_context=None):
        if not self._may_recover(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self._may_recover(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before the edit's own revision opens: a nested one would merge into it.
        if request.method == "POST":
            self._keep_state_before_first_edit(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _keep_state_before_first_edit(self, request, object_id):
        """An imported or older post gets its current state saved as a first version."""
        post = self.get_object(request, unquote(object_id))
        if post is None or not self.has_change_permission(request, post):
            return
        if Version.objects.get_for_object(post).exists():
            return
        with reversion.create_revision(manage_manually=True):
            reversion.set_comment(gettext_noop("As it was before the first edit in the admin."))
            reversion.add_to_revision(post)
            for byline in post.bylines.all():
                reversion.add_to_revision(byline)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_publish(request.user):
            # A contributor writes drafts; an author or editor publishes them.
            fields += ["status", "published_at"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not permissions.can_publish(request.user):
            obj.status = Post.Status.DRAFT
        request.post_was_out = change and Post.objects.published().filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        post = form.instance
        _fields, authors = self._kept_by_restore(request)
        if authors is not None:
            post.set_authors(authors)
        own = Author.objects.filter(user=request.user).first()
        if own is not None and not post.bylines.exists():
            # A writer's new post is hers unless an editor named other authors.
            post.set_authors([own])
        post.refresh_social_card()
        # Its authors and tags are saved now: its followers can be found.
        if post.status == Post.Status.PUBLISHED and not request.post_was_out:
            went_public.send(sender=Post, instance=post)

    # An action gets only the selected posts that get_queryset lets this user reach, so
    # the per-object rule has already been applied to every one of them in SQL.
    @admin.action(description=_("Publish selected posts"), permissions=["publish"])
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%(count)d post published.", "%(count)d posts published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Return selected posts to drafts"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%(count)d post returned to drafts.",
                "%(count)d posts returned to drafts.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Set publication dates"), permissions=["publish"])
    def set_dates(self, request, queryset):
        posts = list(queryset.order_by("-date_unknown", "-published_at"))
        data = request.POST if "apply" in request.POST else None
        form = PublicationDatesForm(posts, data)
        if form.is_bound and form.is_valid():
            count = form.save()
            self.message_user(
                request,
                ngettext("%(count)d post dated.", "%(count)d posts dated.", count)
                % {"count": count},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set publication dates"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/blog/post/set_dates.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if permissions.can_publish(request.user):
            undated = self.get_queryset(request).filter(date_unknown=True)
            extra_context["undated_count"] = undated.count()
        return super().changelist_view(request, extra_context)
