"""The sign-in backend: Django's ModelBackend, with whether the user's roles
need a second factor read in the same query as the user (policy.py asks on
every staff request)."""
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .conf import conf

User = get_user_model()


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = users_with_role_flag(tuple(conf.STAFF_TWO_FACTOR_ROLES)).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


@functools.lru_cache(maxsize=4)
def users_with_role_flag(roles):
    """Users with `in_two_factor_role`: whether they hold one of `roles`. Built
    once per set of roles (never evaluated, only filtered): building the
    subquery costs a staff request more than running it."""
    in_role = Exists(Group.objects.filter(user=OuterRef("pk"), name__in=roles))
    return User._default_manager.annotate(in_two_factor_role=in_role)
