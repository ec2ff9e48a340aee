from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "parindex.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the tokens' scope, and the tokens' actions' labels for the audit trail.
        from parindex.api import actions, scopes  # noqa: F401
