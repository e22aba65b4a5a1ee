"""System checks of the comments app's knobs whose values are words."""
from django.core import checks

from .conf import conf
from .moderation import AUTO_APPROVE_RULES


@checks.register(checks.Tags.compatibility)
def check_auto_approve(app_configs, **kwargs):
    # A mistyped rule would otherwise quietly mean "browser" (anything but known or off).
    if conf.COMMENTS_AUTO_APPROVE in AUTO_APPROVE_RULES:
        return []
    return [
        checks.Error(
            f"COMMENTS_AUTO_APPROVE is {conf.COMMENTS_AUTO_APPROVE!r}; it must be one of {', '.join(AUTO_APPROVE_RULES)}.",
            id="comments.E001",
        )
    ]
