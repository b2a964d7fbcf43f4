"""Signals the apps above listen to (docs/architecture.md: upward without importing)."""

from django.dispatch import Signal

# Something became visible to readers through the write path, never through an import: a
# post published or scheduled (sender Post; it is visible at its publication time), a
# comment approved (sender Comment).
went_public = Signal()

# A commenter asked to hear of replies to her comment (sender Comment, instance, language).
replies_wanted = Signal()
