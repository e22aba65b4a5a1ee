"""The sign-in backend: Django's ModelBackend, with whether the user's roles
need a second factor read in the same query as the user (policy.py asks on
every staff request)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .conf import conf

User = get_user_model()


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        roles = Group.objects.filter(user=OuterRef("pk"), name__in=conf.STAFF_TWO_FACTOR_ROLES)
        user = User._default_manager.annotate(in_two_factor_role=Exists(roles)).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
