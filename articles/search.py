"""Article search. One `search()` hides which database answers it."""
from django.db.models import Case, IntegerField, Q, Value, When

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """Collapse whitespace and cut over-long input rather than refusing it."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search(queryset, query: str):
    """Articles matching every word of `query`, title matches first."""
    words = query.split()
    if not words:
        return queryset.none()
    match = Q()
    for word in words:
        match &= Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
    title_hit = Q()
    for word in words:
        title_hit &= Q(title__icontains=word)
    return (
        queryset.filter(match)
        .annotate(rank=Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-rank", "-published_at", "-pk")
    )
