from articles.forms import BodyField
from editing.forms import VersionCheckedForm

from .models import Page


class PageAdminForm(VersionCheckedForm):
    body = BodyField()

    class Meta:
        model = Page
        fields = "__all__"
