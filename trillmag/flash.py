"""Flash messages ("Your comment is awaiting moderation") as a page-cache hole:
shared pages never hold one, and each visitor gets their own."""
from django.contrib.messages import get_messages
from django.template.loader import render_to_string


def messages_hole(request):
    # get_messages() is empty where MessageMiddleware did not run (a shared hit).
    messages = get_messages(request)
    if not messages:
        return None
    return render_to_string("includes/messages.html", {"messages": messages})
