from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from articles import sitemaps
from articles.cache_keys import ARTICLES
from pages.cache_keys import SITE
from pages.sitemaps import PageSitemap

from .pagecache import shows

from . import views
from .passwords import QueuedPasswordResetForm

handler500 = "trillmag.views.server_error"

SITEMAPS = {**sitemaps.SITEMAPS, "pages": PageSitemap}
# Sitemaps list articles and pages (the page cache's keys: trillmag/pagecache).
sitemap_index = shows(ARTICLES, SITE)(sitemaps.index)
sitemap = shows(ARTICLES, SITE)(sitemap_views.sitemap)

# Staff reset a forgotten password from the admin's login page (its "Forgotten
# your login credentials?" link appears once `admin_password_reset` exists):
# Django's own views and the admin's own templates; the email is sent by a job.
ADMIN_LOOK = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
password_reset = [
    path(
        "admin/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm, extra_context=ADMIN_LOOK),
        name="admin_password_reset",
    ),
    path(
        "admin/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_done",
    ),
    path(
        "admin/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_confirm",
    ),
    path(
        "admin/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
    *password_reset,
    # Before the admin's own: /admin/login/ is the sign-in with a second factor
    # (staffauth/urls.py), and enrolling and recovery codes live beside it.
    path("admin/", include("staffauth.urls")),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# Last: a page's slug is whatever no other route's first segment is (pages/reserved.py).
urlpatterns.append(path("", include("pages.urls")))
