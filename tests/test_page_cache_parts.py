"""Parts of a shared page (trillmag/pagecache/parts.py): when only the keys a
part shows change, the stored page gets that part printed again and keeps the
rest; any other change renders the page again, as before."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from trillmag import pagecache

from . import parts_urls
from .parts_urls import SHOWN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

URL = "/parted/"


@pytest.fixture(autouse=True)
def parted_site(settings):
    settings.ROOT_URLCONF = "tests.parts_urls"
    SHOWN.update({"frame": "The frame", "part": "the part", "frames printed": 0, "parts printed": 0})


def printed():
    return SHOWN["frames printed"], SHOWN["parts printed"]


def test_a_page_with_a_part_is_stored_and_served_without_its_marks(client):
    first = client.get(URL)
    assert first["X-Page-Cache"] == "miss"
    assert first.content == b"<p>The frame</p><b>hello, the part (1)</b><p>The end</p>"
    second = client.get(URL)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content and printed() == (1, 1)
    assert set(second["X-Cache-Tags"].split()) == {"test-frame", "test-part"}


def test_a_change_to_a_part_prints_that_part_again_and_keeps_the_frame(client, commit):
    client.get(URL)
    SHOWN.update({"part": "the new part", "frame": "A frame nobody said changed"})
    commit(pagecache.content_changed, "test-part")
    refreshed = client.get(URL)
    assert refreshed["X-Page-Cache"] == "refresh" and printed() == (1, 2)
    assert refreshed.content == b"<p>The frame</p><b>hello, the new part (1)</b><p>The end</p>"
    again = client.get(URL)
    assert again["X-Page-Cache"] == "hit" and again.content == refreshed.content and printed() == (1, 2)


def test_a_refreshed_page_has_new_validators(client, commit):
    etag = client.get(URL)["ETag"]
    SHOWN["part"] = "the new part"
    commit(pagecache.content_changed, "test-part")
    refreshed = client.get(URL)
    assert refreshed["ETag"] != etag
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(URL, HTTP_IF_NONE_MATCH=refreshed["ETag"]).status_code == 304


def test_a_change_to_the_frame_renders_the_whole_page_again(client, commit):
    client.get(URL)
    SHOWN.update({"frame": "The new frame"})
    commit(pagecache.content_changed, "test-frame")
    response = client.get(URL)
    assert response["X-Page-Cache"] == "miss" and b"The new frame" in response.content and printed() == (2, 2)


def test_everything_changed_renders_the_whole_page_again(client, commit):
    client.get(URL)
    commit(pagecache.content_changed)
    assert client.get(URL)["X-Page-Cache"] == "miss" and printed() == (2, 2)


def test_a_part_printed_again_sees_the_request_s_url(client, commit):
    client.get(URL, {"page": "2"})
    commit(pagecache.content_changed, "test-part")
    assert client.get(URL, {"page": "2"}).content == b"<p>The frame</p><b>hello, the part (2)</b><p>The end</p>"


def test_a_visitor_with_something_personal_gets_the_refreshed_page_too(client, commit):
    client.get(URL)
    SHOWN["part"] = "the new part"
    commit(pagecache.content_changed, "test-part")
    personal = Client()
    personal.cookies["sessionid"] = "someone"
    response = personal.get(URL)
    assert response["X-Page-Cache"] == "refresh" and b"the new part" in response.content and printed() == (1, 2)
    assert "private" in response["Cache-Control"]
    assert client.get(URL)["X-Page-Cache"] == "hit"  # stored for everyone: nothing personal is in a part


def test_with_the_page_cache_off_a_part_is_printed_plainly(client, settings):
    settings.PAGE_CACHE = False
    assert client.get(URL).content == b"<p>The frame</p><b>hello, the part (1)</b><p>The end</p>"


def test_a_part_inside_a_remembered_fragment_fails_loudly(rf):
    request = rf.get(URL)
    with pytest.raises(ImproperlyConfigured, match="remembered fragment"):
        pagecache.remember("test:box", ["test-frame"], lambda: pagecache.print_part(request, "shout", "hi"))


def test_a_part_inside_a_part_fails_loudly(client, monkeypatch):
    def nested(request, word):
        return pagecache.print_part(request, "shout", word)

    pagecache.register_part("nested", nested)
    monkeypatch.setattr(
        parts_urls, "print_part", lambda request, name, *args: pagecache.print_part(request, "nested", *args)
    )
    with pytest.raises(ImproperlyConfigured, match="inside another part"):
        client.get(URL)


def test_a_part_s_arguments_are_plain_words(rf):
    with pytest.raises(ValueError):
        pagecache.print_part(rf.get(URL), "shout", "two words")
