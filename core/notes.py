"""Notes the site writes for its writers (what an import left out, why a comment was held),
kept so that each writer reads them in her own language.

A note is ``{"message": ..., "values": {...}}``: the message untranslated (marked with
``gettext_noop`` where it is made), its values filled in only when it is shown. A value may
itself be a note (the reason a picture was left out).
"""

from django.utils.translation import gettext


def note(message, **values):
    return {"message": message, "values": values}


def note_text(entry):
    """``entry`` in the active language."""
    message = gettext(entry["message"])
    values = {
        name: note_text(value) if isinstance(value, dict) else value
        for name, value in entry.get("values", {}).items()
    }
    return message % values if values else message
