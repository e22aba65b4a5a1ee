"""The comment form and every spam defence: each check lives here and puts
its message on the field it concerns, so that the page can show it there and
keep everything the commenter typed."""
import time
import unicodedata

from django import forms
from django.core import signing
from django.core.validators import MaxLengthValidator, URLValidator
from django.db.models import Q

from .conf import conf
from .models import Ban, Comment

TOKEN_SALT = "comments.form"
ALLOWED_CONTROLS = {"\t", "\n", "\r"}
DIRECTION_OVERRIDES = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
DUPLICATE = "Duplicate comment detected; it looks as though you've already said that!"


def sign_form_token(article, issued_at=None):
    """The hidden token: which article the form belongs to and when it was shown."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"article": article.pk, "t": issued_at}, salt=TOKEN_SALT)


def reject_control_characters(value, allowed=ALLOWED_CONTROLS):
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        raise forms.ValidationError("Remove the invisible control characters from this text.")


def reject_direction_overrides(value):
    if any(c in DIRECTION_OVERRIDES for c in value):
        raise forms.ValidationError("Remove the invisible text-direction characters from this text.")


class WebsiteField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Enter a web address starting with http:// or https://."}


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={"required": "Please write your comment."},
    )
    name = forms.CharField(
        max_length=80,
        validators=[reject_direction_overrides],
        error_messages={"required": "Please give your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Please give your email address (it is never published).",
            "invalid": "Enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = WebsiteField(
        max_length=200, required=False, assume_scheme="https", widget=forms.URLInput(attrs={"autocomplete": "url"})
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    save_details = forms.BooleanField(
        required=False, label="Save my name, email, and website in this browser for the next time I comment."
    )
    notify_replies = forms.BooleanField(required=False, label="Email me when someone replies to my comment.")
    # The honeypot: hidden from people, tempting to bots that fill every field.
    url = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": "This form is incomplete; please send it again."}
    )

    def __init__(self, *args, article, ip=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.ip = ip
        # No maxlength attribute on the textarea: browsers would cut a long paste
        # silently; the server says how much is too much and keeps it all.
        self.fields["body"].validators.append(MaxLengthValidator(
            conf.COMMENTS_MAX_LENGTH,
            message="Keep your comment under %(limit_value)s characters (it has %(show_value)s).",
        ))

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        reject_control_characters(body)
        return body

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        reject_control_characters(name, allowed=set())
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if "." not in email.rpartition("@")[2]:
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        return email

    def clean_website(self):
        website = self.cleaned_data["website"]
        reject_control_characters(website, allowed=set())
        return website

    def clean_parent(self):
        pk = self.cleaned_data["parent"]
        if pk is None:
            return None
        parent = Comment.objects.approved().filter(pk=pk, article=self.article).select_related("parent").first()
        if parent is None:
            raise forms.ValidationError("The comment you are replying to is no longer available.")
        return parent

    def clean_url(self):
        if self.cleaned_data["url"]:
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean_token(self):
        try:
            data = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT)
        except signing.BadSignature:
            data = None
        if not isinstance(data, dict) or data.get("article") != self.article.pk or "t" not in data:
            raise forms.ValidationError("This form could not be checked; please send it again.")
        waited = time.time() - data["t"]
        if waited > conf.COMMENTS_FORM_MAX_AGE:
            raise forms.ValidationError("This form has been open too long; please send it again.")
        if waited < conf.COMMENTS_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError("That was very quick! Please check your comment and send it again.")
        return data

    def clean(self):
        data = super().clean()
        email, body = data.get("email"), data.get("body")
        bans = Ban.objects.filter(
            Q(kind=Ban.Kind.EMAIL, value=email or "") | Q(kind=Ban.Kind.IP, value=self.ip or "")
        ).values_list("kind", flat=True)
        for kind in set(bans):
            if kind == Ban.Kind.EMAIL:
                self.add_error("email", "Comments from this email address are not accepted.")
            else:
                self.add_error(None, "Comments from your network address are not accepted.")
        if email and body and Comment.objects.is_duplicate(self.article, email, body):
            self.add_error("body", DUPLICATE)
        return data

    def summary_errors(self):
        """Errors with no visible field of their own, shown above the form."""
        hidden = [self.errors.get(name, []) for name in ("parent", "url", "token")]
        return [*self.non_field_errors(), *(message for errors in hidden for message in errors)]

    def build_comment(self, user=None, user_agent=""):
        data = self.cleaned_data
        return Comment(
            article=self.article,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            website=data["website"],
            body=data["body"],
            notify_replies=data["notify_replies"],
            ip_address=self.ip,
            user_agent=user_agent[:400],
            user=user if user is not None and user.is_staff else None,
        )
