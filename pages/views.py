from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from trillmag import pagecache

from . import seo
from .cache_keys import SITE
from .models import Page


class PageDetailView(DetailView):
    """A page at /<slug>/. Those who may change pages also see unpublished
    ones (preview); those responses are never cached."""

    context_object_name = "page"

    def get_object(self, queryset=None):
        pagecache.depends_on(SITE)  # before the page is read
        pages = Page.objects.visible_to(self.request.user).select_related("photo")
        return get_object_or_404(pages, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            seo=seo.page_meta(self.object), staff_subject=f"page-{self.object.pk}", **kwargs
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response
