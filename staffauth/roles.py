"""Editors read the sign-in audit and see who is locked out (trillmag/roles.py
explains the pattern); clearing a lockout is for superusers."""
from trillmag.roles import EDITOR

PERMISSIONS = {
    EDITOR: {"staffauth.signinevent": ["view"], "axes.accessattempt": ["view"]},
}
