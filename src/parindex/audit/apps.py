from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "parindex.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from parindex.audit import scopes  # noqa: F401  (registers the audit trail's scope)
