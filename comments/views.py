import time

from django.contrib import messages
from django.http import JsonResponse
from django.middleware import csrf
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import csrf as django_csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import View

from articles.models import Article
from articles.views import ArticleDetailView

from . import cookies, emails, throttle
from .conf import conf
from .forms import CommentForm
from .models import Comment
from .moderation import comments_are_open
from .templatetags.comments import signed_form_token
from .threads import build_thread
from .workflow import submit

AWAITING = "Your comment is awaiting moderation."
PUBLISHED = "Thank you, your comment is published."
SEND_AGAIN = "Your comment is kept below: press “Post Comment” again to send it."
# CSRF failures a reader causes by no fault of theirs (no JavaScript on a cached
# page: no token in the form, perhaps no cookie yet): the form comes back. Any
# other (a foreign Origin or Referer, a wrong token) is Django's 403.
SEND_AGAIN_REASONS = {csrf.REASON_NO_CSRF_COOKIE, csrf.REASON_CSRF_TOKEN_MISSING}


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
            return self.show_again(form)
        proven = cookies.proven_emails(request)
        comment = form.build_comment(user=request.user, user_agent=request.META.get("HTTP_USER_AGENT", ""))
        return self.answer(submit(comment, proven), form, proven)

    def show_again(self, form):
        """The article page with the form as sent: every message next to its
        field, everything typed kept, and fresh secrets to send it with."""
        context = self.get_context_data(object=self.object, comment_form=form)
        return self.render_to_response(context, status=400)

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


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A comment sent without a valid CSRF token (a cached
    page read without JavaScript, whose form has no token) is not taken: it
    comes back with everything typed and a fresh token, one click from being
    sent. Nothing is posted here; every other failure is Django's own page."""
    match = request.resolver_match
    if match is None or match.view_name != "comments:post" or reason not in SEND_AGAIN_REASONS:
        return django_csrf.csrf_failure(request, reason)
    view = CommentPostView()
    view.setup(request, **match.kwargs)
    view.object = view.get_object()
    form = CommentForm(request.POST, article=view.object)
    if form.is_valid():
        form.add_error(None, SEND_AGAIN)
    response = view.show_again(form)
    add_never_cache_headers(response)
    return response


@require_GET
@never_cache
def form_secrets(request, article_id):
    """The comment form's per-visitor secrets, for comments.js to put in the
    form of a page every reader shares: the CSRF token (its cookie comes with
    it) and the signed time the form was shown."""
    article = get_object_or_404(Article.objects.published().only("pk"), pk=article_id)
    return JsonResponse({
        "csrfmiddlewaretoken": csrf.get_token(request),
        "token": signed_form_token(article.pk, int(time.time())),
    })


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
