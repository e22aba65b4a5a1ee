"""The sign-in and second-factor pages, under /admin/ (trillmag/urls.py puts
them before the admin's own, so /admin/login/ is this sign-in). The names are
django-two-factor-auth's, which its views and templates reverse."""
from django.urls import include, path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("two-factor/", views.ProfileView.as_view(), name="profile"),
    path("two-factor/setup/", views.SetupView.as_view(), name="setup"),
    path("two-factor/qrcode/", views.QRGeneratorView.as_view(), name="qr"),
    path("two-factor/setup/complete/", views.SetupCompleteView.as_view(), name="setup_complete"),
    path("two-factor/recovery-codes/", views.BackupTokensView.as_view(), name="backup_tokens"),
    path("two-factor/disable/", views.DisableView.as_view(), name="disable"),
    path("two-factor/webauthn/", include("two_factor.plugins.webauthn.urls", namespace="webauthn")),
]
