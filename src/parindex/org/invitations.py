"""Sending an invitation link by e-mail, when the instance has e-mail set up."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from parindex.org.models import User


def send_by_email(person: User, link: str) -> bool:
    """E-mail the link to the person; False when e-mail is not set up or they have none."""
    if not (settings.SEND_INVITATIONS_BY_EMAIL and person.email):
        return False
    body = _(
        "Hello %(name)s,\n\nYou have an account on parindex. Set your password with this "
        "link (it works once, for %(days)s days):\n\n%(link)s\n"
    ) % {"name": person, "days": settings.INVITATION_DAYS, "link": link}
    send_mail(_("Your parindex account"), body, None, [person.email])
    return True
