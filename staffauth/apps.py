from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from two_factor.plugins.webauthn.apps import TwoFactorWebauthnConfig


class StaffAuthConfig(AppConfig):
    name = "staffauth"
    verbose_name = "Staff sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from trillmag.pagecache import register_hole

        from . import audit, bar, middleware

        register_hole(bar.HOLE, bar.staff_bar)

        user_logged_in.connect(middleware.started, dispatch_uid="staffauth.middleware.started")
        user_logged_in.connect(audit.signed_in, dispatch_uid="staffauth.audit.signed_in")
        user_logged_out.connect(audit.signed_out, dispatch_uid="staffauth.audit.signed_out")
        # After axes' own receiver (axes is installed first), which marks a refused attempt.
        user_login_failed.connect(audit.sign_in_failed, dispatch_uid="staffauth.audit.sign_in_failed")


# The sign-in libraries' own apps, under names that say what they hold in the
# newsroom's admin (their defaults read "OTP_TOTP", "AXES"…).
class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = "Sign-in: authenticator apps"


class RecoveryCodesConfig(StaticConfig):
    verbose_name = "Sign-in: recovery codes"


class PasskeysConfig(TwoFactorWebauthnConfig):
    verbose_name = "Sign-in: passkeys"


class LockoutsConfig(AxesConfig):
    verbose_name = "Sign-in: lockouts"
