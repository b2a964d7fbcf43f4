from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """Above every app whose rows an import writes (docs/architecture.md)."""

    name = "importing"
