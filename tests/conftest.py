import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
