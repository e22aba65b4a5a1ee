from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from articles.models import Image, RichBody, unique_slug

from .reserved import is_reserved


def validate_not_reserved(slug):
    if is_reserved(slug):
        raise ValidationError(
            "“%(slug)s” is already part of the site's own addresses (a section, the feed, search, a year…). "
            "Choose another, e.g. “%(slug)s-page”.",
            code="reserved_slug",
            params={"slug": slug},
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published pages, and for those who may change pages, every page (preview)."""
        return self.all() if user.has_perm("pages.change_page") else self.published()


class Page(RichBody):
    """A page outside the news: About, Contact, Advertise, the privacy policy…
    at /<slug>/, with the same editor, sanitiser and photos as articles."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_not_reserved],
        help_text="The page's address: /slug/. Words the site already uses (feed, search, admin…) are refused.",
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence for search engines and link previews. Leave blank to use the start of the page.",
    )
    photo = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_published = models.BooleanField(
        "published", default=False, help_text="Readers see only published pages; staff can preview the others."
    )
    in_footer = models.BooleanField("in the footer menu", default=False)
    footer_position = models.PositiveSmallIntegerField(
        "footer order", default=0, help_text="Lower numbers come first in the footer menu."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["footer_position", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, max_length=100)
            if is_reserved(self.slug):
                self.slug = unique_slug(self, f"{self.title} page", max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})
