from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import User
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.admin_language import ChangeMessageMixin
from core.models import Redirect, SiteIdentity
from core.redirects import normalized


@admin.register(Redirect)
class RedirectAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """Editors keep old addresses alive; the site adds rows itself when addresses change."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        obj.old_path = normalized(obj.old_path)
        obj.new_path = normalized(obj.new_path)
        super().save_model(request, obj, form, change)


@admin.register(SiteIdentity)
class SiteIdentityAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """One row, edited in place: the list and the add page lead to it."""

    fieldsets = [
        (None, {"fields": ["name", "description", "footer_text"]}),
        (_("Look"), {"fields": ["logo", "accent_colour", "social_image"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "accent_colour":
            # The browser's colour picker; its value is the #rrggbb the field keeps.
            kwargs["widget"] = forms.TextInput(attrs={"type": "color"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:core_siteidentity_change", args=[1]))

    def get_object(self, request, object_id, from_field=None):
        # Until an editor first saves it, the identity is the settings' default: a new
        # object, as the form writes into it (the site's current one is shared).
        if str(object_id) != "1":
            return None
        return SiteIdentity.objects.filter(pk=1).first() or SiteIdentity.objects.default()


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django joins this help text at import, in the language active then, and leaves its
    # warning untranslated.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class TeamUserAdmin(UserAdmin):
    change_password_form = PasswordChangeForm


class SignInAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


admin.site.unregister(User)
admin.site.register(User, TeamUserAdmin)
admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, SignInAttemptAdmin)
