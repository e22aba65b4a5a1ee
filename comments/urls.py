from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.CommentPostView.as_view(), name="post"),
    path("secrets/<int:article_id>/", views.form_secrets, name="secrets"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
