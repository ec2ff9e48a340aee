"""Pages of the API app (personal API tokens), mounted at /tokens/."""

from django.urls import URLPattern, path

from parindex.api import views

urlpatterns: list[URLPattern] = [
    path("", views.token_list, name="token_list"),
    path("new/", views.token_create, name="token_create"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
