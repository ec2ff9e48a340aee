from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "parindex.assessments"
    label = "assessments"
    verbose_name = _("Assessment cycles")

    def ready(self) -> None:
        from parindex.assessments import scopes  # noqa: F401  (registers the cycles' scope)
