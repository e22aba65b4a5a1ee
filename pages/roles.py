"""What the newsroom roles may do with pages (trillmag/roles.py explains the
pattern): editors write them and order the footer menu; authors may look."""
from trillmag.roles import ALL, AUTHOR, EDITOR

PERMISSIONS = {
    EDITOR: {"pages.page": ALL},
    AUTHOR: {"pages.page": ["view"]},
}
