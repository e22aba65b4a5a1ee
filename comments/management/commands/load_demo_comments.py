"""A few approved comments and a threaded reply on the demo lead story.
Safe to run again: a comment is only added when its author has not already
posted that text on that article."""
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from comments.models import Comment

# (key, name, email, website, body, key of the comment it answers)
DEMO_COMMENTS = [
    ("first", "Rosa Delgado", "rosa.delgado@example.com", "",
     "Useful to have the militia attacks laid out in one place. Most coverage I saw only mentioned the "
     "drones in passing.", None),
    ("second", "Kwame Mensah", "kwame.mensah@example.com", "https://example.com/kwame",
     "An unannounced stop in Baghdad says a lot about how worried Washington is that the war could spread.\n\n"
     "I would like to know what Iraq asked for in return.", None),
    ("reply", "Lena Fischer", "lena.fischer@example.com", "",
     "Good question. The piece suggests the prime minister mostly wanted the visit itself, as a sign of "
     "support at home.", "second"),
    ("third", "Sam Whitaker", "sam.whitaker@example.com", "",
     "Would be great to see a follow-up on the Ankara leg of the trip.", None),
]


class Command(BaseCommand):
    help = "Add approved demo comments, with one threaded reply, to the lead story (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        published = Article.objects.published().latest()
        article = published.filter(is_featured=True).first() or published.first()
        if article is None:
            self.stdout.write("No published article yet: run load_demo first.")
            return
        by_key, created = {}, 0
        for key, name, email, website, body, parent_key in DEMO_COMMENTS:
            comment = Comment.objects.filter(article=article, email=email, body=body).first()
            if comment is None:
                comment = Comment.objects.create(
                    article=article, parent=by_key.get(parent_key), name=name, email=email,
                    website=website, body=body, status=Comment.Status.APPROVED,
                    moderation_reasons=["demo content"],
                )
                created += 1
            by_key[key] = comment
        self.stdout.write(self.style.SUCCESS(f"Demo comments ready: {created} new on “{article.title}”."))
