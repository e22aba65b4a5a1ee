"""What the article admin's change form posts, for tests that save through it."""
from django.utils import timezone


def split_datetime(moment):
    if not moment:
        return "", ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def article_form_data(article, bylines=None, **changes):
    """The fields and the authors inline for `article` (fields a role cannot
    edit are ignored by the form, the inline by the admin). `bylines`:
    [(author, position), ...], by default the article's own."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "featured_image": article.featured_image_id or "",
        "featured_image_caption": article.featured_image_caption,
        "category": article.category_id,
        "tags": "",
        "comments_enabled": "on",
    }
    data["published_at_0"], data["published_at_1"] = split_datetime(article.published_at)
    data["expires_at_0"], data["expires_at_1"] = split_datetime(article.expires_at)
    existing = list(article.bylines.all()) if article.pk else []
    if bylines is None:
        bylines = [(byline.author, byline.position) for byline in existing]
    data.update({"bylines-TOTAL_FORMS": len(bylines), "bylines-INITIAL_FORMS": len(existing)})
    for n, (author, position) in enumerate(bylines):
        data.update({f"bylines-{n}-author": author.pk, f"bylines-{n}-position": position})
        if article.pk:
            data[f"bylines-{n}-article"] = article.pk
        if n < len(existing):
            data[f"bylines-{n}-id"] = existing[n].pk
    data.update(changes)
    return data
