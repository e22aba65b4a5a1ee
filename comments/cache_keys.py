"""What the comments app tells the page cache (trillmag/pagecache): a comment
shows on its own article's page only (no listing prints comment counts), so
it makes that page stale and no other."""
from articles.cache_keys import article_key
from trillmag import pagecache


def comment_changed(comment, created):
    # A new comment held for moderation is shown only to its writer, whose page
    # is never a shared one: nothing public changed.
    if created and not comment.is_public:
        return ()
    return (article_key(comment.article_id),)


def register():
    """From CommentsConfig.ready()."""
    from .models import Comment

    pagecache.watch(Comment, keys=comment_changed)
