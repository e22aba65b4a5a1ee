"""Staff who can start at once: someone an admin puts into a role in the admin
writes straight away, and anyone locked out resets their password by email."""
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from articles.models import Article
from tests.admin_helpers import article_form_data
from tests.factories import CategoryFactory, DraftFactory, StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"


def test_a_user_put_into_the_author_group_in_the_admin_can_add_an_article(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_add"), {
        "username": "ines", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
    })
    ines = django_user_model.objects.get(username="ines")
    assert response.status_code == 302
    change = client.get(reverse("admin:auth_user_change", args=[ines.pk])).context["adminform"].form
    data = {name: value for name, value in change.initial.items() if value not in (None, False, [])}
    data.update({
        "first_name": "Inès", "last_name": "Duarte", "email": "ines@example.com", "is_active": "on",
        "groups": [Group.objects.get(name="Author").pk],
        "date_joined_0": ines.date_joined.strftime("%Y-%m-%d"), "date_joined_1": ines.date_joined.strftime("%H:%M:%S"),
    })
    data.pop("password", None)
    data.pop("last_login", None)
    assert client.post(reverse("admin:auth_user_change", args=[ines.pk]), data).status_code == 302
    client.logout()

    assert client.login(request=HttpRequest(), username="ines", password=PASSWORD)  # made staff by the role
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    article = DraftFactory.build(title="My first story", slug="my-first-story", category=CategoryFactory())
    assert client.post(reverse("admin:articles_article_add"), article_form_data(article, bylines=[])).status_code == 302
    [byline] = Article.objects.get(slug="my-first-story").authors_in_order
    assert (byline.name, byline.user) == ("Inès Duarte", ines)


def test_an_account_without_a_name_signs_with_its_username(client):
    user = StaffFactory(username="wren", role="Author")
    client.force_login(user)
    article = DraftFactory.build(slug="wren-writes", category=CategoryFactory())
    client.post(reverse("admin:articles_article_add"), article_form_data(article, bylines=[]))
    assert Article.objects.get(slug="wren-writes").author_names == "wren"


def test_a_role_given_from_the_group_side_makes_staff_too(django_user_model):
    user = django_user_model.objects.create_user("sam", password=PASSWORD)
    Group.objects.get(name="Editor").user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff


def test_other_groups_make_no_one_staff(django_user_model):
    user = django_user_model.objects.create_user("kim", password=PASSWORD)
    user.groups.add(Group.objects.create(name="Newsletter readers"))
    user.refresh_from_db()
    assert not user.is_staff


def test_staff_reset_a_forgotten_password_by_email_from_the_admin_login_page(client, settings, run_jobs):
    settings.SITE_URL = "https://mag.example"
    StaffFactory(username="maya", email="maya@example.com", role="Editor")
    login = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in login

    form = client.get(reverse("admin_password_reset")).content.decode()
    assert 'id="site-name"' in form and "Forgotten your password?" in form  # the admin's own page
    response = client.post(reverse("admin_password_reset"), {"email": "maya@example.com"}, HTTP_HOST="127.0.0.1")
    assert response["Location"] == reverse("password_reset_done")
    assert not mail.outbox  # a job sends it: a slow mail server never holds up the request
    assert run_jobs() == 1
    [email] = mail.outbox
    assert email.to == ["maya@example.com"] and "maya" in email.body
    link = re.search(r"https://mag\.example(/admin/password-reset/[^/]+/[^/]+/)", email.body)[1]

    set_password = client.get(link, follow=True)
    assert set_password.status_code == 200
    done = client.post(set_password.redirect_chain[-1][0], {
        "new_password1": "a-brand-new-passphrase-7", "new_password2": "a-brand-new-passphrase-7",
    })
    assert done["Location"] == reverse("password_reset_complete")
    assert client.login(request=HttpRequest(), username="maya", password="a-brand-new-passphrase-7")


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, run_jobs):
    response = client.post(reverse("admin_password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    run_jobs()
    assert not mail.outbox
