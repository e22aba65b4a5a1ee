"""Staff sessions: a second factor before anything else for the roles that
need one, and an end to sessions left idle."""
import time

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from two_factor.utils import default_device

from . import policy
from .conf import conf

# When the session was last pushed forward (epoch seconds).
SEEN_KEY = "staffauth_seen"


def keep_alive(session):
    """Push the session's end STAFF_SESSION_IDLE_SECONDS past now. Sessions
    live in the database, so the server forgets one left idle that long."""
    session[SEEN_KEY] = int(time.time())
    session.set_expiry(conf.STAFF_SESSION_IDLE_SECONDS)


def started(sender, request, user, **kwargs):
    """user_logged_in: every session starts with the idle limit."""
    keep_alive(request.session)


class StaffSessionMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        # What a signed-in user who still owes a second factor may reach:
        # signing in and enrolling (staffauth/urls.py), and signing out.
        match = request.resolver_match
        if match.namespaces[:1] == ["two_factor"] or match.view_name == "admin:logout":
            return None
        if not policy.needs_second_factor(request.user):
            return None
        # No device yet: enrol, then make recovery codes (the setup's last page
        # offers them, so it is not skipped for `next`). A device, but a session
        # signed in without it: sign in again, with it.
        if default_device(request.user) is None:
            return redirect("two_factor:setup")
        return redirect_to_login(request.get_full_path(), reverse("two_factor:login"))

    def process_response(self, request, response):
        """Sliding expiry, written at most every tenth of the idle time (and
        every minute at most), so that a busy editor's requests do not each
        write their session."""
        session = getattr(request, "session", None)
        if session is None or not session.accessed or SESSION_KEY not in session:
            return response
        idle = conf.STAFF_SESSION_IDLE_SECONDS
        if time.time() - session.get(SEEN_KEY, 0) >= min(60, idle / 10):
            keep_alive(session)
        return response
