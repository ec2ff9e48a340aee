from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "parindex.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from parindex.results import scopes  # noqa: F401  (registers the results' scope)
