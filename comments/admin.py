from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin import ArticleAdmin
from articles.models import Article

from .models import Ban, Comment, DisallowedWord
from .notifications import announce
from .workflow import set_status, submit


class StaffReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 8, "cols": 80}), max_length=5000)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["excerpt", "status", "why", "name", "email", "on_article", "created_at", "ip_address", "links"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["name", "email", "body"]
    list_select_related = ["article"]
    list_per_page = 50
    date_hierarchy = "created_at"
    readonly_fields = [
        "article", "parent", "depth", "created_at", "ip_address", "user_agent", "user", "why", "staff_label",
    ]
    fieldsets = [
        (None, {"fields": ["status", "why", "body"]}),
        ("Commenter", {"fields": ["name", "email", "website", "notify_replies", "user", "staff_label"]}),
        ("Where", {"fields": ["article", "parent", "depth", "created_at"]}),
        ("For moderators only", {"fields": ["ip_address", "user_agent"]}),
    ]
    actions = ["approve", "mark_spam", "remove", "ban_emails", "ban_ips"]

    def get_queryset(self, request):
        # Not super(): it would order by queue_rank before the annotation exists.
        return self.model._default_manager.get_queryset().moderation_queue()

    def get_ordering(self, request):
        return ["queue_rank", "-created_at"]

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(90)

    @admin.display(description="article", ordering="article__title")
    def on_article(self, comment):
        return Truncator(comment.article.title).chars(40)

    @admin.display(description="why held")
    def why(self, comment):
        return "; ".join(comment.moderation_reasons)

    @admin.display(description="")
    def links(self, comment):
        return format_html(
            '<a href="{}">View on site</a> · <a href="{}">Reply</a>',
            comment.get_absolute_url(),
            reverse("admin:comments_comment_reply", args=[comment.pk]),
        )

    BAN_BUTTONS = {"_ban_email": (Ban.Kind.EMAIL, "email"), "_ban_ip": (Ban.Kind.IP, "ip_address")}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_ban": self.has_ban_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        """The change page's one-click "ban" buttons: save, ban, mark as spam."""
        for button, (kind, field) in self.BAN_BUTTONS.items():
            if button in request.POST:
                if not self.has_ban_permission(request):
                    raise PermissionDenied
                self.ban(request, Comment.objects.filter(pk=obj.pk), kind, field)
                return redirect(reverse("admin:comments_comment_changelist"))
        return super().response_change(request, obj)

    def save_model(self, request, obj, form, change):
        was = form.initial.get("status") if change else None
        super().save_model(request, obj, form, change)
        announce(obj, was)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self.report(request, set_status(queryset, Comment.Status.APPROVED), "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self.report(request, set_status(queryset, Comment.Status.SPAM), "marked as spam")

    @admin.action(description="Remove selected comments (replies stay)", permissions=["change"])
    def remove(self, request, queryset):
        self.report(request, set_status(queryset, Comment.Status.REMOVED), "removed")

    @admin.action(description="Ban the email addresses of selected comments, and mark them as spam", permissions=["ban"])
    def ban_emails(self, request, queryset):
        self.ban(request, queryset, Ban.Kind.EMAIL, "email")

    @admin.action(description="Ban the IP addresses of selected comments, and mark them as spam", permissions=["ban"])
    def ban_ips(self, request, queryset):
        self.ban(request, queryset, Ban.Kind.IP, "ip_address")

    def has_ban_permission(self, request):
        return self.has_change_permission(request) and request.user.has_perm("comments.add_ban")

    def ban(self, request, queryset, kind, field):
        values = {value for value in queryset.values_list(field, flat=True) if value}
        for value in values:
            Ban.objects.get_or_create(
                kind=kind, value=value.lower(), defaults={"created_by": request.user, "reason": "banned from the comment list"}
            )
        set_status(queryset, Comment.Status.SPAM)
        label = Ban.Kind(kind).label.lower() + ("es" if len(values) != 1 else "")
        self.message_user(request, f"Banned {len(values)} {label}; their comments are marked as spam.")

    def report(self, request, count, verb):
        self.message_user(request, f"{count} comment{'s' if count != 1 else ''} {verb}.", messages.SUCCESS)

    def get_urls(self):
        reply = self.admin_site.admin_view(self.reply_view)
        return [path("<int:pk>/reply/", reply, name="comments_comment_reply"), *super().get_urls()]

    def reply_view(self, request, pk):
        """Answer a comment as staff: published at once, marked as staff. Replying
        approves a comment still awaiting moderation."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        parent = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = StaffReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = self.staff_reply(request.user, parent, form.cleaned_data["body"])
            self.message_user(request, "Your reply is published.", messages.SUCCESS)
            return redirect(reverse("admin:comments_comment_change", args=[reply.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {parent.name}",
            "parent": parent,
            "form": form,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def staff_reply(self, user, parent, body):
        email = user.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        reply = Comment(
            article=parent.article, parent=parent, user=user, body=body,
            name=user.get_full_name() or user.get_username(), email=email,
        )
        with transaction.atomic():
            set_status(Comment.objects.filter(pk=parent.pk, status=Comment.Status.PENDING), Comment.Status.APPROVED)
            return submit(reply)


@admin.register(DisallowedWord)
class DisallowedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_at"]
    search_fields = ["word"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "reason", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The newsroom's article list, with each article's comment counts: comments
# extends the articles admin rather than articles knowing about comments.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithCommentsAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display, "approved_comments", "pending_comments"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            approved_total=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED)),
            pending_total=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
        )

    @admin.display(description="comments", ordering="approved_total")
    def approved_comments(self, article):
        return article.approved_total

    @admin.display(description="pending", ordering="pending_total")
    def pending_comments(self, article):
        if not article.pending_total:
            return 0
        url = reverse("admin:comments_comment_changelist")
        return format_html('<a href="{}?article__id__exact={}&status__exact=pending">{}</a>', url, article.pk, article.pending_total)
