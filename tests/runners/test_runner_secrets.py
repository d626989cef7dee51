"""A runner process's output never shows the database password, however the URL spelled it."""

from __future__ import annotations

from sqlalchemy.engine import URL

from harness.child_process import mask
from harness.runners.migrator_runner import url_secrets


def test_every_spelling_of_the_password_is_masked() -> None:
    url = URL.create("postgresql+psycopg", "app", "p@ss word/+1", "127.0.0.1", 5432, "shop")
    rendered = url.render_as_string(hide_password=False)
    output = f"connecting to {rendered}\nauthentication failed for password p@ss word/+1"
    masked = mask(output, url_secrets(url))
    assert "p@ss" not in masked and "p%40ss" not in masked, masked
    assert masked.count("***") == 2


def test_a_url_without_a_password_masks_nothing() -> None:
    assert url_secrets(URL.create("postgresql+psycopg", "app", None, "127.0.0.1", 5432, "shop")) == ()
