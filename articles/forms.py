"""Admin forms: photo uploads, the article form (body editor, tag picker,
lengths search engines show, the note sent back to an author) and the
schedule action."""
import json
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import TagWidget
from taggit.utils import parse_tags

from editing.forms import VersionCheckedForm

from . import images
from .body import clean_body, images_in, impersonating_addresses
from .models import Article, Image
from .permissions import Action

# Tiptap (inside django-prose-editor) puts its base styles into the page as an
# inline <style>, and the widget gives no way to pass it a nonce: the
# Content-Security-Policy allows that text by its hash, harmless on any page
# (tests/test_security_headers.py checks editor.js still carries it).
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"

# What a news article needs, and nothing the sanitiser would throw away.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Figure": {"pickerUrl": reverse_lazy("admin:articles_image_picker")},
        "Caption": True,
        "Image": True,
    }
}


class ImageAdminForm(forms.ModelForm):
    file = forms.FileField(
        label="Photo",
        widget=AdminFileWidget(attrs={"accept": ",".join(mime for _, mime in images.FORMATS.values())}),
        help_text="A JPEG, PNG, WebP or GIF. It is turned upright and its location data removed; "
        "resized copies for every screen are made when you save.",
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "source", "focal_x", "focal_y"]
        field_classes = {"source": partial(forms.URLField, assume_scheme="https")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if "file" not in self.changed_data:
            return upload
        return images.clean_upload(upload)

    def _post_clean(self):
        super()._post_clean()  # builds self.instance from the cleaned data
        # Stored now, once everything else is valid, so that a failing storage
        # is an error next to the field rather than a server error.
        if "file" in self.changed_data and not self.errors:
            try:
                self.instance.store_file()
            except images.StorageFailed as failure:
                self.add_error("file", failure.message)


class TagPicker(TagWidget):
    """taggit's comma-separated box, which articles/admin/tag-picker.js turns
    into the admin's select2 picker: existing tags are offered as you type,
    new ones are still allowed, and the box keeps working without JavaScript."""

    def __init__(self, suggestions_url, attrs=None):
        super().__init__(attrs)
        self.suggestions_url = suggestions_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            names = parse_tags(context["widget"]["value"] or "")
        except ValueError:
            names = []
        context["widget"]["attrs"].update(
            {"data-tag-suggestions": str(self.suggestions_url), "data-tag-names": json.dumps(names)}
        )
        return context

    @property
    def media(self):
        # The files and order of Django's own autocomplete widgets, so the two merge.
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "articles/admin/tag-picker.js",
            ],
            css={"screen": [f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css"]},
        )


class BodyField(ProseEditorFormField):
    """A body in the admin's editor (articles, pages): what the sanitiser keeps,
    photos only from the library, and embeds only from known providers."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Sub-headings, bold and italic, links, lists, quotes and photos from the library (the photo button, "
            "then Browse…). To embed a YouTube or Vimeo video, a post from X, Bluesky, Mastodon or Instagram, or "
            "an OpenStreetMap map, paste its address on a line of its own. Anything else is removed when you save.",
        )
        super().__init__(config=BODY_EDITOR, widget=AdminProseEditorWidget, **kwargs)

    def clean(self, value):
        cleaned = clean_body(super().clean(value))
        pictures = images_in(cleaned)
        if not strip_tags(cleaned).strip() and not pictures:
            raise forms.ValidationError("Write the body.", code="required")
        wanted = {photo_id for photo_id, _ in pictures}
        known = set(Image.objects.filter(pk__in=wanted - {None}).values_list("pk", flat=True))
        if wanted - known:
            raise forms.ValidationError(
                "Photos in the body must come from the photo library: use the photo button, "
                "then “Browse…”, to pick one.",
                code="not_from_library",
            )
        impostors = impersonating_addresses(cleaned)
        if impostors:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        "“%(address)s” is not a %(provider)s address, so it cannot be embedded. Copy the address "
                        "from %(provider)s itself (its Share button), or make it an ordinary link inside a sentence.",
                        code="not_a_provider",
                        params={"address": address, "provider": provider.name},
                    )
                    for address, provider in impostors
                ]
            )
        return cleaned


# How many characters search results show of a title and of a description
# (roughly: engines cut by width); the form counts as you type.
SHOWN_LENGTHS = {
    "title": (60, "Search results show about 60 characters of a headline (unless a search engine title is set)."),
    "standfirst": (160, "Search results show about 160 characters of it (unless a search engine description is set)."),
    "seo_title": (60, "Search results show about 60 characters."),
    "seo_description": (160, "Search results show about 160 characters."),
}


class ArticleAdminForm(VersionCheckedForm):
    body = BodyField()
    note_to_author = forms.CharField(
        label="Note to the author",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What to change before it can run. Needed to send it back; the author sees it on this form.",
    )

    byline = ""  # the name a new article will be signed with, set by the admin

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "tags": TagPicker(reverse_lazy("admin:articles_article_tags")),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pending_byline = self.byline
        for name, (length, help_text) in SHOWN_LENGTHS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-shown-length"] = length
                self.fields[name].help_text = " ".join(filter(None, [self.fields[name].help_text, help_text]))
        if "tags" in self.fields:
            self.fields["tags"].help_text = "Pick existing tags as you type, or add new ones; separate them with commas."

    def clean(self):
        cleaned = super().clean()
        if self.data.get("_publishing") == Action.SEND_BACK.value and not cleaned.get("note_to_author", "").strip():
            self.add_error("note_to_author", "Say what the author should change: the note goes back with the draft.")
        return cleaned


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the site's time zone. The articles appear by themselves at that time.",
    )

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future (or use “Publish now”).")
        return when
