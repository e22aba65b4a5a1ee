from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.forms.models import BaseInlineFormSet
from django.forms.utils import flatatt
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from taggit.models import Tag

from editing.admin import HistoryAdminMixin
from trillmag.security import NoncedMediaMixin

from . import permissions, workflow
from .forms import ArticleAdminForm, ImageAdminForm, ScheduleForm
from .models import Article, Author, Byline, Category, Image
from .permissions import Action


def thumbnail(image, size=80):
    """A square crop of a photo around its focal point, for admin lists and forms."""
    if image is None:
        return "–"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="photo-thumbnail {}">',
        image.thumbnail_url, image.alt_text, size, size, image.focus_classes,
    )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["list_thumbnail", "__str__", "credit", "width", "height", "created_at"]
    list_display_links = ["list_thumbnail", "__str__"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height", "created_at"]
    fields = [
        "file", "preview", "alt_text", "caption", "credit", "source",
        ("focal_x", "focal_y"), ("width", "height"), "created_at",
    ]

    class Media:
        css = {"all": ["articles/admin/newsroom.css"]}
        js = ["articles/admin/focal-point.js"]

    @admin.display(description="photo")
    def list_thumbnail(self, image):
        return thumbnail(image, 64)

    @admin.display(description="preview")
    def preview(self, image):
        if not image.pk:
            return "Shown once the photo is saved."
        width = 320
        return format_html(
            '<span class="focal-point {}">'
            '<img src="{}" alt="" width="{}" height="{}" data-focal-point></span>'
            '<div class="help">Click the subject to set the focal point.</div>',
            image.focus_classes, image.thumbnail_url, width, round(width * image.height / image.width),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("picker/", wrap(self.picker_view), name="articles_image_picker"),
            path("<int:pk>/thumbnail/", wrap(self.thumbnail_view), name="articles_image_thumbnail"),
            *super().get_urls(),
        ]

    def thumbnail_view(self, request, pk):
        """Redirects to a photo's thumbnail: the article form shows the photo chosen in its autocomplete."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect(get_object_or_404(self.get_queryset(request), pk=pk).thumbnail_url)

    def picker_view(self, request):
        """The photo library as the body editor's "Browse…" window: a click puts the photo in the article."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        photos, _ = self.get_search_results(request, self.get_queryset(request), query)
        page = Paginator(photos, 24).get_page(request.GET.get("page"))
        return TemplateResponse(request, "admin/articles/image/picker.html", {
            **self.admin_site.each_context(request),
            "title": "Choose a photo",
            "opts": self.opts,
            "page_obj": page,
            "query": query,
            "is_popup": True,
        })


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "article_count"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["avatar", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(article_total=Count("bylines"))

    def get_readonly_fields(self, request, obj=None):
        # Linking a byline to an account means picking from all user accounts.
        if not request.user.has_perm("auth.view_user"):
            return [*super().get_readonly_fields(request, obj), "user"]
        return super().get_readonly_fields(request, obj)

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, author):
        return author.article_total


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description"]


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"), ("review", "Ready for review"), ("scheduled", "Scheduled"), ("published", "Published"),
            ("expired", "Expired"),
        ]

    def queryset(self, request, queryset):
        return {
            "draft": lambda: queryset.filter(status=Article.Status.DRAFT),
            "review": queryset.in_review,
            "scheduled": queryset.scheduled,
            "published": queryset.published,
            "expired": queryset.expired,
        }.get(self.value(), lambda: queryset)()


class BylineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data.get("author") and not self._should_delete_form(form)]
        # A new article left without authors is signed by whoever saves it (ArticleAdmin.save_related).
        if self.instance.pk and not kept:
            raise ValidationError("An article needs at least one author.", code="no_author")


class BylineInline(admin.TabularInline):
    """The article's authors, in the order the byline names them. Only those
    who may edit any article choose them; an author's own byline is added by itself."""

    model = Byline
    formset = BylineFormSet
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "authors (first named first; leave empty to sign it yourself)"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    def has_add_permission(self, request, obj=None):
        return permissions.can_edit_any(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_any(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_edit_any(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


TAG_SUGGESTIONS = 20

ACTION_LABELS = {
    Action.SAVE_DRAFT: "Save draft",
    Action.SUBMIT: "Ready for review",
    Action.UPDATE: "Update",
    Action.SEND_BACK: "Send back to the author",
}


@admin.register(Article)
class ArticleAdmin(NoncedMediaMixin, HistoryAdminMixin, admin.ModelAdmin):
    """Authors see and change only their own unpublished articles; editors
    everything. The form's buttons are named for what they do to the article
    (Save draft, Ready for review, Publish…). The rules are in permissions.py,
    what the buttons do in workflow.py; this class applies them."""

    form = ArticleAdminForm
    inlines = [BylineInline]
    list_display = ["title", "state", "category", "byline", "published_at", "site_link"]
    list_filter = [StateFilter, "category", "authors", "tags", "is_featured"]
    list_select_related = ["category"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "featured_image"]
    readonly_fields = ["photo_preview", "state", "byline", "created_at", "last_changed"]
    actions = ["publish_now", "unpublish", "schedule"]
    save_on_top = True
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["articles/admin/newsroom.css"]}
        js = ["articles/admin/featured-photo.js", "articles/admin/article-form.js"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        ("Photo", {"fields": ["featured_image", "photo_preview", "featured_image_caption"]}),
        ("Filing", {"fields": ["byline", "category", "tags"]}),
        ("Publishing", {"fields": [
            "state", "published_at", "expires_at", "is_featured", "comments_enabled", "created_at", "last_changed",
        ]}),
        ("Search engines and link previews", {
            "fields": ["seo_title", "seo_description"],
            "classes": ["collapse"],
        }),
    ]
    # The form's buttons post their action under this name (permissions.Action).
    ACTION_FIELD = "_publishing"

    # -- what each role may reach ---------------------------------------------------
    def get_queryset(self, request):
        articles = super().get_queryset(request).with_bylines()
        if permissions.edits_only_own(request.user):
            articles = articles.written_by(request.user)
        return articles

    def get_inline_instances(self, request, obj=None):
        # Those who cannot choose the authors read them in the "byline" field.
        return super().get_inline_instances(request, obj) if permissions.can_edit_any(request.user) else []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj))

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.can_edit_any(request.user):  # the authors inline says it all
            fieldsets = [(name, {**options, "fields": [f for f in options["fields"] if f != "byline"]})
                         for name, options in fieldsets]
        if obj is not None and Action.SEND_BACK in permissions.actions(request.user, obj):
            fieldsets = [("Review", {"fields": ["note_to_author"]}), *fieldsets]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Those who may only look see the body as readers will, not its HTML source.
        return [
            (name, {**options, "fields": ["rendered_body" if f == "body" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_publish(request.user):
            fields += ["published_at", "expires_at", "is_featured"]
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete does not ask has_delete_permission per article.
        if not permissions.can_edit_any(request.user):
            actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            # Shown in the read-only byline field of a new article.
            own = Author.objects.filter(user=request.user).first()
            form.byline = own.name if own else request.user.get_full_name() or request.user.get_username()
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None:
            # A new article starts signed by whoever writes it, if they have a byline yet.
            own = Author.objects.filter(user=request.user).values_list("pk", flat=True).first()
            kwargs["initial"] = [{"author": own, "position": 0}] if own else []
        return kwargs

    def save_model(self, request, obj, form, change):
        action = self.chosen_action(request, obj)
        obj.last_changed_by = request.user
        message = workflow.apply(obj, action, request.user, note=form.cleaned_data.get("note_to_author", "").strip())
        super().save_model(request, obj, form, change)
        workflow.announce(obj, action)
        self.message_user(request, message, messages.SUCCESS)

    # -- the form's buttons: one per action the role may take in the article's state ---
    def chosen_action(self, request, article):
        """The action of the button that was clicked; without one (a form
        posted by hand), the first, which keeps the article's state."""
        allowed = permissions.actions(request.user, article)
        chosen = request.POST.get(self.ACTION_FIELD)
        if chosen is None and allowed:
            return allowed[0]
        action = next((action for action in allowed if action.value == chosen), None)
        if action is None:
            raise PermissionDenied
        return action

    def publishing_buttons(self, request, article):
        """(action value, label, data attributes) for each button of the form."""
        article = article or Article(published_at=None)
        buttons = []
        for action in permissions.actions(request.user, article):
            attrs = {}
            if action is Action.PUBLISH:
                # article-form.js keeps the label in step with the date typed in.
                attrs = {"data-publish-label": "Publish", "data-schedule-label": "Schedule"}
                label = "Schedule" if article.published_at and article.published_at > timezone.now() else "Publish"
            elif action is Action.UNPUBLISH:
                label = "Unpublish" if article.is_live else "Unschedule"
            else:
                label = ACTION_LABELS[action]
            buttons.append({"value": action.value, "label": label, "attrs": flatatt(attrs)})
        return buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Named buttons replace "Save", "Save and continue" and "Save and add another".
        context["publishing_buttons"] = self.publishing_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.back_to_the_form(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self.back_to_the_form(request, obj) or super().response_change(request, obj)

    def back_to_the_form(self, request, obj):
        """After a named button the form opens again (save_model said what happened)."""
        if self.ACTION_FIELD not in request.POST:
            return None
        url = reverse("admin:articles_article_change", args=[obj.pk])
        return redirect(add_preserved_filters({"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, url))

    # -- tags offered as you type ----------------------------------------------------------
    def get_urls(self):
        return [
            path("tags/", self.admin_site.admin_view(self.tag_suggestions_view), name="articles_article_tags"),
            *super().get_urls(),
        ]

    def tag_suggestions_view(self, request):
        """Existing tags matching what is typed, those starting with it first, in
        select2's format (articles/admin/tag-picker.js)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()[:100]
        tags = Tag.objects.filter(name__icontains=term).annotate(
            prefix=Case(When(name__istartswith=term, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        names = tags.order_by("prefix", "name").values_list("name", flat=True)[:TAG_SUGGESTIONS]
        return JsonResponse({"results": [{"id": name, "text": name} for name in names], "pagination": {"more": False}})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not form.instance.bylines.exists():
            # Whoever writes an article with no byline signs it: staff need not
            # have been given a byline before they start (made on first use).
            Byline.objects.create(article=form.instance, author=Author.objects.for_user(request.user))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if request.method == "GET" and article and not self.has_change_permission(request, article):
            self.message_user(request, permissions.why_read_only(request.user, article), messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article and self.has_view_permission(request, article) and not self.has_delete_permission(request, article):
            self.message_user(request, permissions.why_read_only(request.user, article), messages.WARNING)
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        return super().delete_view(request, object_id, extra_context)

    # -- list and form columns --------------------------------------------------------
    @admin.display(description="state", ordering="status")
    def state(self, article):
        return article.state_label if article.pk else "New"

    @admin.display(description="byline")
    def byline(self, article):
        if article.pk:
            return article.author_names
        return f"{article.pending_byline} (you)"

    @admin.display(description="last changed")
    def last_changed(self, article):
        if not article.pk:
            return "–"
        when = localize(timezone.localtime(article.updated_at))
        return f"{when} by {article.last_changed_by.get_username()}" if article.last_changed_by else when

    @admin.display(description="on the site")
    def site_link(self, article):
        label = "View on site" if article.is_live else "Preview"
        return format_html('<a href="{}" target="_blank">{}</a>', article.get_absolute_url(), label)

    @admin.display(description="body")
    def rendered_body(self, article):
        return mark_safe(article.body_html)  # sanitised when saved (sanitize.py, body.py)

    @admin.display(description="current photo")
    def photo_preview(self, article):
        photo = article.featured_image
        return format_html(
            '<img src="{}" alt="" width="160" height="160" class="photo-thumbnail" data-thumbnail-url="{}"{}>',
            photo.thumbnail_url if photo else "",
            reverse("admin:articles_image_thumbnail", args=[0]),
            "" if photo else " hidden",
        )

    # -- actions ------------------------------------------------------------------------
    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        self._apply(request, queryset, lambda article: article.publish(now), "Published")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._apply(request, queryset, lambda article: article.unpublish(), "Unpublished")

    @admin.action(description="Schedule…", permissions=["publish"])
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            when = form.cleaned_data["publish_at"]
            self._apply(request, queryset, lambda article: article.schedule(when), f"Scheduled for {localize(when)}")
            return None
        return TemplateResponse(request, "admin/articles/article/schedule.html", {
            **self.admin_site.each_context(request),
            "title": "Schedule articles",
            "opts": self.opts,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })

    def _apply(self, request, queryset, change, message):
        """Change each article through save(), so URL history, caches and the log all see it."""
        articles = list(queryset)
        for article in articles:
            self.history.catch_up(article.pk)
            change(article)
            article.last_changed_by = request.user
            article.save()
            self.log_change(request, article, message)
        self.message_user(request, f"{message}: {len(articles)} article(s).", messages.SUCCESS)
