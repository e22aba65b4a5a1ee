"""Site-wide background jobs (jobs/ explains the queue)."""
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task


@task()
def send_password_reset(email, domain, use_https):
    """Email the accounts at `email` a link to choose a new password: Django's
    own form and templates, run by a worker. The link is made here, so no
    reset token ever waits in the queue."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
