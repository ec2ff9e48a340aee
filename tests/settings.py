"""Test settings: the production settings, given a test secret and a fast password hasher."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("PARINDEX_VAR_DIR", tempfile.mkdtemp(prefix="parindex-test-"))

from parindex.web.settings import *  # noqa: F403

# The production hasher is slow by design; tests create many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests log in with Client.login, which passes no request; the lockout test turns it on.
AXES_ENABLED = False
# The test client and live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(  # noqa: F405
    parents=True, exist_ok=True
)  # whitenoise warns on every request otherwise
