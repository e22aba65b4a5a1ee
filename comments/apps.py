from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from trillmag.cache import register_hole

        from . import dashboard
        from .templatetags.comments import FORM_SECRETS, form_secrets

        register_hole(FORM_SECRETS, form_secrets)
        dashboard.register_panels()
