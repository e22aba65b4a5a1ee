"""Shared helpers for the comments tests: a valid form post, and reading the page."""
import time

from django.urls import reverse

from comments.forms import sign_form_token


def form_data(article, **fields):
    """What a person's browser sends: every required field, and a form shown a minute ago."""
    data = {
        "body": "I enjoyed this piece.",
        "name": "Ada Reader",
        "email": "ada@example.com",
        "website": "",
        "parent": "",
        "url": "",
        "token": sign_form_token(article, issued_at=time.time() - 60),
    }
    data.update(fields)
    return data


def post_comment(client, article, ip="203.0.113.7", **fields):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **fields), REMOTE_ADDR=ip)
