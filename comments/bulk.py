"""Comments stored in bulk (an imported archive, a generated one): their ids are
reserved first, so that each row's root and path (which contain ids) go into
the same INSERT, and no signal or email is sent for them."""
from django.db import connections, router

from .models import Comment, attach_point

BATCH = 1000


def bulk_create_threads(comments):
    """Store unsaved `comments`, each listed after the comment it answers (which
    may also be stored already). Returns them, with their ids."""
    if not comments:
        return comments
    for comment, pk in zip(comments, reserve_ids(len(comments))):
        comment.pk = pk
        comment.parent = attach_point(comment.parent)
        comment.place_in_thread()
        comment.email = comment.email.strip().lower()
        comment.body_as_html()
    return Comment.objects.bulk_create(comments, batch_size=BATCH)


def reserve_ids(count):
    """`count` ids no other comment will take: from PostgreSQL's sequence, or on
    SQLite (one writer at a time, inside the caller's transaction) after the
    largest one."""
    connection = connections[router.db_for_write(Comment)]
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
    return range(first, first + count)
