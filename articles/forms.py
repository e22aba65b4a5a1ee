"""Admin forms: photo uploads, the article body editor and the schedule action."""
from functools import partial

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from . import images
from .body import images_in
from .models import Article, Image
from .sanitize import sanitize_html

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


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        config=BODY_EDITOR,
        widget=AdminProseEditorWidget,
        help_text="Sub-headings, bold and italic, links, lists, quotes and photos from the library "
        "(the photo button, then Browse…). Anything else is removed when you save.",
    )

    byline = None  # set by the admin for authors, who cannot pick another

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.byline and self.instance.author_id is None:
            self.instance.author = self.byline

    def clean_body(self):
        cleaned = sanitize_html(self.cleaned_data["body"])
        pictures = images_in(cleaned)
        if not strip_tags(cleaned).strip() and not pictures:
            raise forms.ValidationError("Write the article's body.", code="required")
        wanted = {photo_id for photo_id, _ in pictures}
        known = set(Image.objects.filter(pk__in=wanted - {None}).values_list("pk", flat=True))
        if wanted - known:
            raise forms.ValidationError(
                "Photos in the body must come from the photo library: use the photo button, "
                "then “Browse…”, to pick one.",
                code="not_from_library",
            )
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
