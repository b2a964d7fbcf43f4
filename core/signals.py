"""Signals the apps above listen to (docs/architecture.md: upward without importing)."""

from django.dispatch import Signal

# Something became visible to readers through the write path, never through an import: a
# post published or scheduled (sender Post; it is visible at its publication time).
went_public = Signal()
