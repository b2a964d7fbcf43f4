"""The admin in the writer's language, including the parts that are not ours.

Django, django-axes, django-reversion and reversion-compare show strings in our admin that
their own catalogues lack in Finnish (axes and reversion have no Finnish at all). Marking
them here puts them in our catalogue, and Django reads ours (LOCALE_PATHS) before any
app's. Some names never reach gettext in those apps: a group's or a permission's name is
a row, axes names its records in English. ``install`` gives those models names in the
reader's language.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop, ngettext_lazy, override
from django.utils.translation import gettext_lazy as _

BORROWED = (
    # Django's admin and auth (5.2), missing from their Finnish catalogues.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
    # django-axes.
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Cleaned up {count} expired access attempts."),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Axes"),
    # django-reversion.
    gettext_noop("Initial version."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Reversion"),
    gettext_noop("Could not save %(object_repr)s version - missing dependency."),
    gettext_noop("date created"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("Could not load %(object_repr)s version - incompatible version data."),
    gettext_noop("Could not load %(object_repr)s version - unknown serializer %(format)s."),
    gettext_noop("versions"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Date/time"),
    gettext_noop(
        "This object doesn't have a change history. It probably wasn't added via this admin site."
    ),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Choose a date from the list below to recover a deleted version of an object."),
    gettext_noop("There are no deleted objects to recover."),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the save button below to revert to this version of the object."),
    # reversion-compare.
    gettext_noop("Revert to this version"),
    gettext_noop("(no comment exists)"),
    gettext_noop("Revert to the old version will probably not work!"),
    gettext_noop("More info:"),
    # django-tasks, django-tasks-db and django-rq.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("Ready"),
    gettext_noop("Running"),
    gettext_noop("Failed"),
    gettext_noop("Successful"),
    gettext_noop("args kwargs"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("priority"),
    gettext_noop("Access admin page"),
    # django-taggit.
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Invalid json list. A tag list submitted in string form must be valid json."),
    gettext_noop("All list items must be of string type."),
)

_DEFAULT_PERMISSIONS = {
    "add": _("Can add"),
    "change": _("Can change"),
    "delete": _("Can delete"),
    "view": _("Can view"),
}


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def group_name(group):
    # The roles are made in English (core.roles) and named for the reader here.
    return gettext(group.name)


def permission_name(permission):
    action, _sep, model = permission.codename.partition("_")
    if action in _DEFAULT_PERMISSIONS and model == permission.content_type.model:
        name = _DEFAULT_PERMISSIONS[action]
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


def attempt_name(attempt):
    return gettext("Failed sign-ins: %(username)s since %(time)s") % {
        "username": attempt.username,
        "time": _when(attempt.attempt_time),
    }


def failure_name(failure):
    return gettext("Failed sign-in: %(username)s at %(time)s from %(ip)s") % {
        "username": failure.username,
        "time": _when(failure.attempt_time),
        "ip": failure.ip_address,
    }


def access_name(access):
    return gettext("Sign-in: %(username)s at %(time)s") % {
        "username": access.username,
        "time": _when(access.attempt_time),
    }


def install():
    """Name the other apps' records in the reader's language (from CoreConfig.ready)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    Group.__str__ = group_name
    # What deleting a group lists besides: its permissions, by name, not "Group_permissions
    # object (15)".
    Group.permissions.through.__str__ = lambda row: permission_name(row.permission)
    Permission.__str__ = permission_name
    AccessAttempt.__str__ = attempt_name
    AccessFailureLog.__str__ = failure_name
    AccessLog.__str__ = access_name
    if apps.is_installed("django_rq"):
        # Its dashboard's model, named only "Django-RQ", holds the permission to see it.
        dashboard = apps.get_model("django_rq", "Dashboard")._meta
        dashboard.verbose_name = dashboard.verbose_name_plural = _("task dashboard")


def revision_comment(comment):
    """A version's comment in the reader's language: a change message (JSON) or a message
    id, as our admins keep them; older comments stay as they were written."""
    from django.contrib.admin.models import LogEntry

    if comment.startswith("["):
        return LogEntry(change_message=comment).get_change_message()
    return gettext(comment) if comment else comment


class ChangeMessageMixin:
    """History that names the changed fields in the reader's language.

    Django stores a changed field's form label ("Title") and translates it only when the
    history is shown; our catalogue knows the model's name for the field ("title"), so a
    Finnish history read "Muutettu Title ja Body". This stores that name instead, and
    leaves out hidden fields (the edit-conflict check's time).
    """

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        changes = [(form, form.changed_data)] if not add and form.changed_data else []
        changes += [
            (formset.forms[0], fields)
            for formset in formsets
            for _object, fields in formset.changed_objects
        ]
        entries = [entry["changed"] for entry in message if "changed" in entry]
        for entry, (changed_form, fields) in zip(entries, changes, strict=True):
            entry["fields"] = field_names(changed_form, fields)
        return message


def field_names(form, fields):
    """The untranslated names of a form's changed, visible fields."""
    names = []
    with override(None):
        for name in fields:
            field = form.fields.get(name)
            if field is None or field.widget.is_hidden:
                continue
            try:
                names.append(str(form._meta.model._meta.get_field(name).verbose_name))
            except (AttributeError, FieldDoesNotExist):
                names.append(str(field.label or name))
    return names
