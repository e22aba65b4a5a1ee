"""Staff sign-in pages: django-two-factor-auth's views in the admin's look,
with the audit added, and the page axes answers a locked-out sign-in with."""
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from two_factor import views as two_factor
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.utils import get_otpauth_url

from . import audit, throttle


class AdminLook:
    """The admin site's own context (its name, the link to the site, the
    user's links), as the admin's login page has it."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class LoginView(AdminLook, two_factor.LoginView):
    """The admin's sign-in: the password, then the second factor of an
    account that has one (authenticator code, passkey or recovery code)."""

    template_name = "two_factor/core/login.html"
    # The admin's form: only active staff get past the first step.
    form_list = (
        (two_factor.LoginView.AUTH_STEP, AdminAuthenticationForm),
        (two_factor.LoginView.TOKEN_STEP, AuthenticationTokenForm),
        (two_factor.LoginView.BACKUP_STEP, BackupTokenForm),
    )

    def render(self, form=None, **kwargs):
        # A second factor refused: the password was right, so this is worth a line.
        if form is not None and form.is_bound and form.errors and self.steps.current != self.AUTH_STEP:
            audit.second_factor_failed(self.request, self.get_user(), self.get_device(self.steps.current))
        return super().render(form, **kwargs)


def issuer():
    """What authenticator apps list the account under (two_factor would use the request's host)."""
    return admin.site.site_header


class QRGeneratorView(two_factor.QRGeneratorView):
    def get_issuer(self):
        return issuer()


class SetupView(AdminLook, two_factor.SetupView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "otpauth_url" in context:  # the authenticator step: the same key, under our name
            context["issuer"] = issuer()
            context["otpauth_url"] = get_otpauth_url(self.request.user.get_username(), context["secret_key"], issuer())
        return context

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        audit.enrolled(self.request, self.request.user, self.request.user.otp_device)
        return response


class SetupCompleteView(AdminLook, two_factor.SetupCompleteView):
    pass


class BackupTokensView(AdminLook, two_factor.BackupTokensView):
    pass


class ProfileView(AdminLook, two_factor.ProfileView):
    pass


class DisableView(AdminLook, two_factor.DisableView):
    pass


def locked_out(request, original_response=None, credentials=None):
    """What axes answers a refused sign-in with: 429, when to try again, and
    the same page whether or not the account exists."""
    cool_off = throttle.cool_off(request)
    response = render(
        request,
        "staffauth/locked_out.html",
        {"retry_at": timezone.now() + cool_off, "minutes": max(1, round(cool_off.total_seconds() / 60))},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
