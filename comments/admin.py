from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.admin import ArticleAdmin
from articles.models import Article

from . import queue
from .models import Ban, Comment, DisallowedWord
from .notifications import announce
from .workflow import set_status, submit


class StaffReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 8, "cols": 80}), max_length=5000)


class StatusFilter(admin.SimpleListFilter):
    """The list opens on what waits, pending comments; "All" shows every status.
    Its parameter is the one the article list and bookmarks already use."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, ("all", "All")]

    def value(self):
        return super().value() or Comment.Status.PENDING

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class WaitingArticleFilter(admin.SimpleListFilter):
    """Articles with comments waiting, busiest first: a short list however many
    articles have comments. Any article can still be picked by its id (the
    article list's "pending" links)."""

    title = "article"
    parameter_name = "article__id__exact"
    shown = 20

    def lookups(self, request, model_admin):
        waiting = (
            Article.objects.filter(comments__status=Comment.Status.PENDING)
            .annotate(waiting=Count("comments"))
            .order_by("-waiting", "-pk")
            .values_list("pk", "title", "waiting")[: self.shown]
        )
        choices = [(str(pk), f"{title} ({waiting})") for pk, title, waiting in waiting]
        chosen = self.value()
        if chosen and chosen.isdigit() and chosen not in {pk for pk, _ in choices}:
            # Picked from the article list: shown, so the filter applies and can be cleared.
            choices += [(str(pk), title) for pk, title in Article.objects.filter(pk=chosen).values_list("pk", "title")]
        return choices

    def has_output(self):
        return bool(self.lookup_choices) or self.value() is not None

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(article_id=value) if value.isdigit() else queryset.none()


class QueuePaginator(Paginator):
    """A page past the end shows the last page: without JavaScript, deciding on
    the last comments of the last page comes back to a page that no longer exists."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if int(number) > 1:
                return max(self.num_pages, 1)
            raise


def wants_json(request):
    """The queue's script asks for JSON; a plain form post gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: one row per comment, whole, with what it answers,
    its commenter's record and one-click decisions (comments/queue.py), which
    work as plain forms and, with comments/admin/queue.js, without a reload."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["entry", "commenter"]
    list_display_links = None  # each row links to its change page itself, beside its buttons
    list_filter = [StatusFilter, WaitingArticleFilter, "created_at"]
    search_fields = ["name", "email", "body"]
    list_select_related = ["article", "parent"]
    list_per_page = 50
    paginator = QueuePaginator
    show_full_result_count = False  # counting every comment ever posted costs more than the page
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
    DECISIONS = {
        "approve": (Comment.Status.APPROVED, "approved"),
        "spam": (Comment.Status.SPAM, "marked as spam"),
        "remove": (Comment.Status.REMOVED, "removed"),
    }

    # -- the list -----------------------------------------------------------------------
    def get_ordering(self, request):
        """What waits, in the order it came in; anything else newest first."""
        waiting = request.GET.get(StatusFilter.parameter_name, Comment.Status.PENDING) in {"pending", "spam"}
        return ["created_at", "pk"] if waiting else ["-created_at", "-pk"]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.page_num = min(changelist.page_num, max(changelist.paginator.num_pages, 1))  # QueuePaginator
        return changelist

    def changelist_view(self, request, extra_context=None):
        context = {"queue_counts": Comment.objects.waiting_counts(), **(extra_context or {})}
        response = super().changelist_view(request, context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:  # a page about to be drawn, not a redirect after a bulk action
            queue.annotate_rows(list(changelist.result_list), request.get_full_path(), self.row_permissions(request))
        return response

    def row_permissions(self, request):
        may_change = self.has_change_permission(request)
        return {
            "can_moderate": may_change,
            "can_ban": self.has_ban_permission(request),
            "can_reply": may_change and self.has_add_permission(request),
        }

    @admin.display(description="comment")
    def entry(self, comment):
        return queue.render_entry(comment)

    @admin.display(description="commenter")
    def commenter(self, comment):
        return queue.render_commenter(comment)

    @admin.display(description="why held")
    def why(self, comment):
        return "; ".join(comment.moderation_reasons)

    # -- one click on a row ------------------------------------------------------------------
    def moderate_view(self, request, pk):
        """Approve, spam, remove or ban one comment: the row's buttons."""
        comment = get_object_or_404(self.get_queryset(request), pk=pk)
        decision = request.POST.get("decision")
        if decision == "ban":
            if not self.has_ban_permission(request):
                raise PermissionDenied
            self.ban_values(request.user, Comment.objects.filter(pk=pk), Ban.Kind.EMAIL, "email")
            message = f"Banned {comment.email}; the comment is marked as spam."
        elif decision in self.DECISIONS:
            if not self.has_change_permission(request, comment):
                raise PermissionDenied
            status, verb = self.DECISIONS[decision]
            set_status(Comment.objects.filter(pk=pk), status)
            message = f"Comment by {comment.name} {verb}."
        else:
            return HttpResponseBadRequest("Choose approve, spam, remove or ban.")
        return self.decided(request, pk, message)

    def decided(self, request, pk, message):
        """The row and the counts afresh for the script; otherwise back to the list."""
        if wants_json(request):
            comment = Comment.objects.select_related("article", "parent").get(pk=pk)
            queue.annotate_rows([comment], self.list_url(request), self.row_permissions(request))
            return JsonResponse({
                "message": message,
                "status": comment.status,
                "entry": queue.render_entry(comment),
                "commenter": queue.render_commenter(comment),
                "counts": Comment.objects.waiting_counts(),
            })
        self.message_user(request, message, messages.SUCCESS)
        return redirect(self.back_to_list(request))

    def back_to_list(self, request):
        """The list as it was (filters, page), at the row to look at next."""
        url = self.list_url(request)
        anchor = request.GET.get("anchor", "")
        return f"{url}#comment-{anchor}" if anchor.isdigit() else url

    def list_url(self, request):
        """The list the decision came from (`next`, if it is on this site)."""
        url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return url
        return reverse("admin:comments_comment_changelist")

    # -- the change page ---------------------------------------------------------------------
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

    # -- bulk actions ------------------------------------------------------------------------
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
        count = self.ban_values(request.user, queryset, kind, field)
        label = Ban.Kind(kind).label.lower() + ("es" if count != 1 else "")
        self.message_user(request, f"Banned {count} {label}; their comments are marked as spam.")

    def ban_values(self, user, queryset, kind, field):
        """Ban the `field` values (emails or IP addresses) of `queryset` and mark
        those comments as spam. Returns how many values."""
        values = {value for value in queryset.values_list(field, flat=True) if value}
        for value in values:
            Ban.objects.get_or_create(
                kind=kind, value=value.lower(), defaults={"created_by": user, "reason": "banned from the comment list"}
            )
        set_status(queryset, Comment.Status.SPAM)
        return len(values)

    def report(self, request, count, verb):
        self.message_user(request, f"{count} comment{'s' if count != 1 else ''} {verb}.", messages.SUCCESS)

    # -- replies -------------------------------------------------------------------------------
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/reply/", wrap(self.reply_view), name="comments_comment_reply"),
            path("<int:pk>/moderate/", wrap(require_POST(self.moderate_view)), name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def reply_view(self, request, pk):
        """Answer a comment as staff: published at once, marked as staff. Replying
        approves a comment still awaiting moderation. From the queue it goes back
        there (`next`); its script posts here and gets the row afresh."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        parent = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = StaffReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = self.staff_reply(request.user, parent, form.cleaned_data["body"])
            if wants_json(request) or request.POST.get("next"):
                return self.decided(request, parent.pk, f"Your reply to {parent.name} is published.")
            self.message_user(request, "Your reply is published.", messages.SUCCESS)
            return redirect(reverse("admin:comments_comment_change", args=[reply.pk]))
        if wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {parent.name}",
            "parent": parent,
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
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
