from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "parindex.plans"
    label = "plans"
    verbose_name = _("Remediation plans")

    def ready(self) -> None:
        from parindex.plans import scopes  # noqa: F401  (registers the plans' scope)
