"""The admin home's dashboard, filled in by the apps that own the data.

An app registers its panels in its AppConfig.ready():

    dashboard.register(Panel(
        key="comments-waiting", title="Comments waiting",
        template="admin/dashboard/comments_waiting.html",
        data=waiting, shown_to=lambda user: user.has_perm("comments.change_comment"),
    ))

`data(request)` returns the panel template's context, with a few queries
whose number does not depend on how much data there is. A panel is shown only
to the staff `shown_to(user)` says can act on it, so nobody pays for panels
they do not see. trillmag knows no app: articles never imports comments, and
either app can be left out.
"""
from dataclasses import dataclass
from typing import Callable

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    data: Callable
    shown_to: Callable
    order: int = 100
    wide: bool = False


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str
    wide: bool


_panels = {}


def register(panel):
    _panels[panel.key] = panel


def panels_for(request):
    """The panels `request.user` may act on, rendered, in their order."""
    shown = sorted((p for p in _panels.values() if p.shown_to(request.user)), key=lambda p: (p.order, p.key))
    return [
        RenderedPanel(
            key=panel.key,
            title=panel.title,
            html=render_to_string(panel.template, {"panel": panel, **panel.data(request)}, request),
            wide=panel.wide,
        )
        for panel in shown
    ]
