from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "parindex.org"
    label = "org"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from parindex.org import scopes  # noqa: F401  (registers the scopes of units and people)
