"""Newsroom roles: the groups the migration makes, and the createstaff command."""
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from trillmag import roles
from articles.models import Author

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_roles_exist_as_groups_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Author", "Editor", "Moderator"}


def test_author_writes_but_cannot_publish():
    assert codenames("Author") == {
        "add_article", "change_article", "delete_article", "view_article",
        "add_image", "view_image", "view_author", "view_category", "view_page",
    }


def test_editor_publishes_and_manages_the_newsroom():
    assert {
        "publish_article", "edit_any_article", "change_article", "delete_article",
        "add_author", "change_author", "add_category", "change_category",
        "add_image", "change_image", "delete_image", "add_tag", "change_tag", "delete_tag",
        "add_page", "change_page", "delete_page",
    } <= codenames("Editor")


def test_moderator_gets_the_comment_permissions_and_nothing_of_the_newsroom():
    moderator = codenames("Moderator")
    assert moderator >= {"view_article", "change_comment", "add_comment", "add_ban", "change_disallowedword"}
    assert not moderator & {"change_article", "add_article", "publish_article", "add_image"}
    assert not codenames("Editor") & {"change_comment", "add_ban"}


def test_each_app_declares_the_permissions_of_its_own_models():
    declared = roles.declared_permissions()
    assert set(declared[roles.MODERATOR]) >= {"comments.comment", "comments.ban"}
    assert not any(label.startswith("comments.") for role in (roles.AUTHOR, roles.EDITOR) for label in declared[role])


def test_the_role_migration_imports_no_project_code():
    source = (Path(__file__).resolve().parents[1] / "articles/migrations/0003_staff_roles.py").read_text()
    assert not re.search(r"^\s*(from|import) (articles|comments|trillmag)\b", source, re.M)


def test_permissions_of_an_app_migrated_later_reach_their_role():
    comment_type = ContentType.objects.get(app_label="comments", model="comment")
    Group.objects.get(name="Moderator").permissions.remove(*Permission.objects.filter(content_type=comment_type))
    roles.grant_after_migrate(sender=SimpleNamespace(label="comments"))
    assert {"change_comment", "delete_comment"} <= codenames("Moderator")


def test_granting_again_keeps_what_admins_added():
    extra = Permission.objects.get(codename="view_logentry")
    Group.objects.get(name="Author").permissions.add(extra)
    roles.grant_after_migrate(sender=SimpleNamespace(label="articles"))
    assert "view_logentry" in codenames("Author")


# -- createstaff ---------------------------------------------------------------------------------


def test_createstaff_makes_an_author_named_for_their_byline_and_prints_the_password_once(capsys):
    call_command("createstaff", "ines", "--role", "author", "--name", "Inès Duarte", "--email", "ines@example.com")
    output = capsys.readouterr().out
    user = get_user_model().objects.get(username="ines")
    password = output.split("Password: ")[1].split()[0]
    assert user.is_staff and not user.is_superuser and user.check_password(password)
    assert list(user.groups.values_list("name", flat=True)) == ["Author"]
    # The byline is made the way it is for anyone: from the name, when they first write.
    assert user.get_full_name() == "Inès Duarte" and not Author.objects.exists()
    assert Author.objects.for_user(user).name == "Inès Duarte"


def test_createstaff_moderators_get_no_byline():
    call_command("createstaff", "mo", "--role", "moderator")
    user = get_user_model().objects.get(username="mo")
    assert list(user.groups.values_list("name", flat=True)) == ["Moderator"]
    assert not Author.objects.filter(user=user).exists()


def test_createstaff_on_an_existing_account_changes_only_its_role(capsys):
    call_command("createstaff", "sam", "--role", "author")
    user = get_user_model().objects.get(username="sam")
    user.set_password("kept-secret-123")
    user.save()
    capsys.readouterr()
    call_command("createstaff", "sam", "--role", "editor")
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
    assert user.check_password("kept-secret-123")
    assert "Password" not in capsys.readouterr().out


def test_createstaff_refuses_unknown_roles():
    with pytest.raises(CommandError):
        call_command("createstaff", "x", "--role", "publisher")
