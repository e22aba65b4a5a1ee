"""Editors import WordPress sites and see old addresses (trillmag/roles.py
explains the pattern); superusers can do everything anyway."""
from trillmag.roles import ALL, EDITOR

PERMISSIONS = {
    EDITOR: {"wordpress.importrun": ["add", "view"], "wordpress.oldurl": ALL},
}
