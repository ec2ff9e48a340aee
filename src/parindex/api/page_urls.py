"""Pages of the API app (personal API tokens), mounted at /tokens/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
