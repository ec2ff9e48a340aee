"""The catalogues are complete (Vietnamese and English), compiled, and hold every marked string."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

import parindex

PACKAGE = Path(parindex.__file__).parent
LANGUAGES = ["vi", "en"]


def _po(lang: str, root: Path = PACKAGE) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / "django.po"


def _catalog(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(_po(lang))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert "translated message" in result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang: str, tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(_po(lang))], check=True)
    assert _catalog(fresh) == _catalog(_po(lang).with_suffix(".mo"))


def _msgids(po: Path) -> set[str]:
    with po.open("rb") as handle:
        text = handle.read().decode()
    return {block.split("\nmsgstr")[0] for block in text.split("\n\n") if "msgid" in block}


def test_every_marked_string_is_in_the_catalogues(tmp_path: Path) -> None:
    copy = tmp_path / "parindex"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "vi",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "migrations/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        # No settings: makemessages then writes into the copy's locale/, never the real one.
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert _msgids(_po("vi", copy)) == _msgids(_po("vi"))


def test_vietnamese_is_the_default_and_english_a_switch(db: None) -> None:
    client = Client()
    page = client.get("/login/").content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/").content.decode()
    assert 'lang="en"' in page
    assert "Log in to parindex" in page


def test_an_english_browser_still_gets_vietnamese_until_the_switch(db: None) -> None:
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    assert "Đăng nhập parindex" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Log in to parindex" in client.get("/login/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(db: None) -> None:
    client = Client()
    client.cookies["django_language"] = "fr"
    assert "Đăng nhập parindex" in client.get("/login/").content.decode()
