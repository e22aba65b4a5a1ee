from django import forms

from articles.forms import BodyField

from .models import Page


class PageAdminForm(forms.ModelForm):
    body = BodyField()

    class Meta:
        model = Page
        fields = "__all__"
