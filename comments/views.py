from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import View

from articles.models import Article
from articles.views import ArticleDetailView

from . import cookies, emails, throttle
from .conf import conf
from .forms import CommentForm
from .models import Comment
from .moderation import comments_are_open
from .threads import build_thread
from .workflow import submit

AWAITING = "Your comment is awaiting moderation."
PUBLISHED = "Thank you, your comment is published."


@method_decorator(never_cache, name="dispatch")
class CommentPostView(ArticleDetailView):
    """Takes a comment for an article. An invalid form shows the article page
    again with every message next to its field and everything typed kept; a
    valid one is moderated, stored and answered with a redirect to it."""

    http_method_names = ["post"]

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["article_id"])

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        refused = {"article": article, "body": request.POST.get("body", "")}
        if not comments_are_open(article):
            return render(request, "comments/closed.html", refused, status=403)
        ip = throttle.client_ip(request)
        wait = throttle.hit(ip)
        if wait:
            response = render(request, "comments/rate_limited.html", {**refused, "wait": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
        form = CommentForm(request.POST, article=article, ip=ip)
        if not form.is_valid():
            context = self.get_context_data(object=article, comment_form=form)
            return self.render_to_response(context, status=400)
        proven = cookies.proven_emails(request)
        comment = form.build_comment(user=request.user, user_agent=request.META.get("HTTP_USER_AGENT", ""))
        return self.answer(submit(comment, proven), form, proven)

    def answer(self, comment, form, proven):
        response = redirect(comment_url(comment, mine=[comment.pk]))
        if comment.is_awaiting_moderation:
            messages.info(self.request, AWAITING)
            cookies.remember_pending(self.request, response, comment)
        else:
            messages.success(self.request, PUBLISHED)
        if comment.email in proven and comment.status == Comment.Status.APPROVED:
            cookies.remember_known(response, comment.email)
        if form.cleaned_data["save_details"]:
            cookies.remember_details(response, form.cleaned_data)
        else:
            cookies.forget_details(response)
        return response


def comment_url(comment, mine=()):
    """Where a comment is on its article's page (the right page of a long thread)."""
    page = build_thread(comment.article, mine).page_number_of(comment) if conf.COMMENTS_PER_PAGE else 1
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"


def permalink(request, pk):
    """A stable link to one comment, for emails and the admin's "view on site"."""
    articles = Article.objects.all() if request.user.has_perm("articles.change_article") else Article.objects.published()
    comment = get_object_or_404(Comment.objects.exclude(status=Comment.Status.SPAM), pk=pk, article__in=articles)
    return redirect(comment_url(comment, cookies.pending_ids(request)))


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe from reply emails. GET asks (mail scanners open
    links); POST does it, from the page's button or a mail client honouring
    List-Unsubscribe-Post. The signed token is the authority, so no CSRF token."""

    def dispatch(self, request, token):
        self.email = emails.email_from_token(token)
        if self.email is None:
            return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, "comments/unsubscribe.html", {"email": self.email})

    def post(self, request, token):
        emails.unsubscribe(self.email)
        return render(request, "comments/unsubscribe.html", {"email": self.email, "done": True})
