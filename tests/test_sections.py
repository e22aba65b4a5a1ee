"""Sections inside sections ("World › Middle East"): listings, feeds, breadcrumbs, no cycles."""
import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Category
from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, CategoryFactory, StaffFactory
from tests.page_head import head

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


@pytest.fixture
def world():
    return CategoryFactory(name="World", slug="world")


@pytest.fixture
def middle_east(world):
    return CategoryFactory(name="Middle East", slug="middle-east", parent=world)


@pytest.fixture
def gulf(middle_east):
    return CategoryFactory(name="Gulf", slug="gulf", parent=middle_east)


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_a_parent_sections_page_lists_its_subsections_articles_at_any_depth(client, world, middle_east, gulf):
    ArticleFactory(title="Top", category=world)
    ArticleFactory(title="Middle", category=middle_east)
    ArticleFactory(title="Deep", category=gulf)
    ArticleFactory(title="Elsewhere")
    assert sorted(titles(client.get("/category/world/"))) == ["Deep", "Middle", "Top"]
    assert sorted(titles(client.get("/category/middle-east/"))) == ["Deep", "Middle"]
    assert titles(client.get("/category/gulf/")) == ["Deep"]


def test_a_parent_sections_feed_carries_its_subsections_articles(client, world, gulf):
    ArticleFactory(title="Deep", category=gulf)
    feed = feedparser.parse(client.get(reverse("articles:category_feed", args=["world"])).content)
    assert [entry.title for entry in feed.entries] == ["Deep"]


def test_section_page_has_breadcrumbs_in_html_and_json_ld(client, world, middle_east, gulf):
    ArticleFactory(category=gulf)
    page = client.get("/category/gulf/").content.decode()
    nav = page[page.index('class="breadcrumbs"') : page.index("</nav>", page.index('class="breadcrumbs"'))]
    positions = [nav.index(link) for link in ('href="/"', 'href="/category/world/"', 'href="/category/middle-east/"')]
    assert positions == sorted(positions)
    assert '<span aria-current="page">Gulf</span>' in nav
    trail = head(client, "/category/gulf/").ld("BreadcrumbList")["itemListElement"]
    assert [(crumb["name"], crumb["item"]) for crumb in trail] == [
        ("Trill! Mag", f"{SITE_URL}/"),
        ("World", f"{SITE_URL}/category/world/"),
        ("Middle East", f"{SITE_URL}/category/middle-east/"),
        ("Gulf", f"{SITE_URL}/category/gulf/"),
    ]


def test_article_page_has_its_sections_breadcrumbs(client, world, middle_east):
    article = ArticleFactory(title="Talks in Amman", category=middle_east)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/category/world/">World</a>' in page
    assert '<a href="/category/middle-east/">Middle East</a>' in page
    trail = head(client, article.get_absolute_url()).ld("BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in trail] == ["Trill! Mag", "World", "Middle East", "Talks in Amman"]


def test_sections_know_their_place_without_a_query(world, middle_east, gulf, django_assert_num_queries):
    gulf = Category.objects.get(pk=gulf.pk)
    with django_assert_num_queries(0):
        assert str(gulf) == "World › Middle East › Gulf"
        assert [name for name, _url in gulf.ancestors] == ["World", "Middle East"]


def test_moving_a_section_moves_everything_below_it(world, middle_east, gulf):
    politics = CategoryFactory(name="Politics", slug="politics")
    middle_east.parent = politics
    middle_east.save()
    gulf.refresh_from_db()
    assert str(gulf) == "Politics › Middle East › Gulf"
    assert gulf.tree_path == f"/{politics.pk}/{middle_east.pk}/{gulf.pk}/"
    assert list(Category.objects.subtree(world)) == [world]


def test_renaming_a_section_renames_it_in_its_subsections_breadcrumbs(world, gulf):
    world.name = "International"
    world.save()
    gulf.refresh_from_db()
    assert str(gulf) == "International › Middle East › Gulf"


@pytest.mark.parametrize("new_parent", ["itself", "a subsection", "a subsection's subsection"])
def test_a_section_cannot_sit_inside_itself(world, middle_east, gulf, new_parent):
    world.parent = {"itself": world, "a subsection": middle_east, "a subsection's subsection": gulf}[new_parent]
    with pytest.raises(ValidationError) as error:
        world.full_clean()
    assert "cannot sit inside itself" in str(error.value)
    with pytest.raises(ValidationError):
        world.save()
    world.refresh_from_db()
    assert world.parent is None


def test_the_admin_refuses_a_cycle_with_a_clear_message(client, world, gulf):
    client.force_login(StaffFactory(role="Editor"))
    response = client.post(
        reverse("admin:articles_category_change", args=[world.pk]),
        {"name": "World", "slug": "world", "parent": gulf.pk, "description": ""},
    )
    assert response.status_code == 200
    assert "cannot sit inside itself or one of its own subsections" in response.content.decode()


def test_the_sitemap_lists_a_parent_whose_articles_are_all_in_subsections(client, world, gulf):
    ArticleFactory(category=gulf)
    xml = client.get(reverse("sitemap_section", args=["sections"])).content.decode()
    assert f"{SITE_URL}/category/world/" in xml and f"{SITE_URL}/category/gulf/" in xml
