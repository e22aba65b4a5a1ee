from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import roles, signals  # noqa: F401  (importing signals connects its receivers)

        post_migrate.connect(roles.grant_after_migrate, dispatch_uid="articles.roles.grant_after_migrate")
