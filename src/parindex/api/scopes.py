"""How API tokens are scoped (see parindex.access): each person sees and revokes their own,
administrators included; nobody else's."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from parindex.access import Action, register
from parindex.api.models import ApiToken


@register(ApiToken)
def api_tokens(user: AbstractBaseUser, action: Action) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk)
