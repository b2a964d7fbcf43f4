"""Two writers, one post: the second save never overwrites the first without a word.

The change form carries the time the object was last saved when the writer opened it
(``opened_at``, from the model's ``updated_at``). Saving compares it with the row as it
is now, inside the transaction that writes (the row locked on PostgreSQL; SQLite's
IMMEDIATE transactions let one writer in at a time), so two saves at the same moment
cannot both pass. A writer whose copy is stale gets her form back, everything she typed
kept, with who saved in between and when, and the other text against hers. Saving again
keeps hers (the form now carries the newer time); taking theirs is opening the page
again; merging is editing, with their text beside hers.

Optimistic locking, as django-concurrency does it, but on the ``updated_at`` the models
already have: no version column, nothing to keep in step with django-reversion's
restores or ``loaddata``, and every save counts (an import, a shell), not only the admin's.
"""

import difflib

import reversion
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version

from core.edit_locks import writer_name

OPENED_AT = "opened_at"


def _stamp(value):
    return value.isoformat() if value else ""


class ConflictForm(forms.ModelForm):
    """A ModelForm that refuses to save over a newer copy of its object."""

    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

    conflict_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.fields[OPENED_AT].initial = _stamp(self.instance.updated_at)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            opened_at = self.data.get(self.add_prefix(OPENED_AT))
            self.conflict = conflict_with(self.instance, opened_at, self.conflict_fields)
            if self.conflict is not None:
                self.take_newer_copy_in_hand()
                raise ValidationError(self.conflict.message, code="edit_conflict")
        return cleaned

    def take_newer_copy_in_hand(self):
        """The form shown again carries the newer time: saving it again keeps this text."""
        self.data = self.data.copy()
        self.data[self.add_prefix(OPENED_AT)] = _stamp(self.conflict.saved_at)


class Conflict:
    def __init__(self, current, saved_at, saved_by, fields):
        self.current = current
        self.saved_at = saved_at
        self.saved_by = saved_by
        self.fields = fields

    @property
    def message(self):
        when = date_format(timezone.localtime(self.saved_at), "DATETIME_FORMAT")
        if self.saved_by:
            who = _("%(name)s saved it at %(time)s") % {"name": self.saved_by, "time": when}
        else:
            who = _("It was changed at %(time)s") % {"time": when}
        return _(
            "Someone else saved this while you were editing it: %(who)s. Nothing of yours "
            "was saved and nothing of theirs was lost. Compare the texts below, then save "
            "again to keep yours, edit yours to merge theirs in, or open the page again to "
            "take theirs."
        ) % {"who": who}

    def differences(self, form):
        """(label, table) for each text whose current value differs from the form's."""
        tables = []
        for name in self.fields:
            theirs = str(getattr(self.current, name) or "")
            mine = str(form.data.get(form.add_prefix(name), ""))
            if theirs.replace("\r\n", "\n") == mine.replace("\r\n", "\n"):
                continue
            table = difflib.HtmlDiff(wrapcolumn=60).make_table(
                theirs.splitlines(),
                mine.splitlines(),
                fromdesc=_("Saved now (theirs)"),
                todesc=_("Yours"),
                context=True,
                numlines=2,
            )
            tables.append((form.fields[name].label if name in form.fields else name, table))
        return tables


def conflict_with(instance, opened_at, fields):
    """A Conflict when ``instance``'s row was saved after ``opened_at``, else None."""
    opened = parse_datetime(opened_at or "")
    if opened is None:
        # Not sent by a change page (a script posting the form): nothing to compare with.
        return None
    rows = instance.__class__._default_manager.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    current = rows.first()
    if current is None:
        return None
    if current.updated_at <= opened:
        return None
    return Conflict(
        current=current,
        saved_at=current.updated_at,
        saved_by=_last_editor(current, since=opened),
        fields=fields,
    )


def _last_editor(current, since):
    """Who saved since ``since``, when django-reversion keeps the model's history."""
    if not reversion.is_registered(current.__class__):
        return ""
    versions = Version.objects.get_for_object(current).select_related("revision__user")
    version = versions.filter(revision__date_created__gt=since).first()
    user = version.revision.user if version else None
    return writer_name(user) if user else ""


class ConflictAdminMixin:
    """For a ModelAdmin whose model has ``updated_at``; ``conflict_fields`` are the texts
    compared when two writers' saves cross. The check runs in the transaction in which
    the admin's change view saves."""

    conflict_fields = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.pop("form", self.form)
        attributes = {"conflict_fields": tuple(self.conflict_fields)}
        kwargs["form"] = type(base.__name__, (ConflictForm, base), attributes)
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        if any(OPENED_AT in options["fields"] for _name, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], OPENED_AT]}), *rest]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        conflict = getattr(adminform.form, "conflict", None) if adminform else None
        if conflict is not None:
            context["edit_conflict"] = conflict
            context["edit_conflict_texts"] = conflict.differences(adminform.form)
        return super().render_change_form(request, context, add, change, form_url, obj)
