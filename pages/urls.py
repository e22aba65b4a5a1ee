from django.urls import path

from . import views

app_name = "pages"

# Included last in the URLconf: every other route wins, and reserved.py keeps
# page slugs off every other route's first segment.
urlpatterns = [
    path("<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
]
