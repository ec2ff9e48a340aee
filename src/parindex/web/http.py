from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from parindex.org.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User
    htmx: HtmxDetails
