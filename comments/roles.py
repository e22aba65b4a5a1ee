"""What the Moderator role may do (trillmag/roles.py explains the pattern):
everything about comments, and look up the article a comment is on."""
from trillmag.roles import ALL, MODERATOR

PERMISSIONS = {
    MODERATOR: {
        "comments.comment": ALL,
        "comments.ban": ALL,
        "comments.disallowedword": ALL,
        "articles.article": ["view"],
    },
}
