"""The newsroom's admin site: Django's admin under the magazine's name, its
home page a dashboard of what needs each member of staff today.

It is the default site (trillmag.apps.NewsroomAdminConfig), so every app's
`@admin.register` and `admin.site` reach it unchanged. What the dashboard
shows comes from the apps that own the data (trillmag/dashboard.py).
"""
from django.contrib import admin

from . import dashboard
from .conf import conf


class NewsroomAdminSite(admin.AdminSite):
    index_title = "Today"

    # Read on every request: the site name is a knob, and tests change it.
    @property
    def site_header(self):
        return f"{conf.SITE_NAME} newsroom"

    @property
    def site_title(self):
        return self.site_header

    def each_context(self, request):
        # Not `site_name`: the login view sets that to the request's host.
        return {**super().each_context(request), "magazine_name": conf.SITE_NAME}

    def index(self, request, extra_context=None):
        context = {"dashboard": dashboard.panels_for(request), **(extra_context or {})}
        return super().index(request, context)
