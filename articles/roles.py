"""What each newsroom role may do with articles, photos, bylines, sections and
tags (trillmag/roles.py explains the pattern)."""
from trillmag.roles import ALL, AUTHOR, EDITOR

PERMISSIONS = {
    AUTHOR: {
        "articles.article": ["add", "change", "delete", "view"],
        "articles.image": ["add", "view"],
        "articles.author": ["view"],
        "articles.category": ["view"],
    },
    EDITOR: {
        "articles.article": ALL,
        "articles.image": ALL,
        "articles.author": ALL,
        "articles.category": ALL,
        "taggit.tag": ALL,
    },
}
