"""Copy for generated archives (bench/), from Faker.

Sentences come from a pool Faker fills once per run and are then drawn at
random: a few hundred thousand articles take seconds rather than minutes, and
words repeat the way they do in a real archive (so search and tag pages find
realistic numbers of matches). The pool's size sets how varied the text is.
"""
import random
from html import escape

from faker import Faker

SUBHEADS = ["What happens next", "The numbers", "Why it matters", "Reaction", "Background"]


class TextMaker:
    def __init__(self, seed=1, pool=3000):
        self.rng = random.Random(seed)
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.sentences = [self.fake.sentence(nb_words=12) for _ in range(pool)]
        self.people = list({self.fake.name() for _ in range(400)})

    def headline(self):
        return self.fake.sentence(nb_words=8).rstrip(".")

    def standfirst(self):
        return " ".join(self.rng.sample(self.sentences, 2))

    def paragraph(self, sentences=4):
        return " ".join(self.rng.sample(self.sentences, sentences))

    def body_html(self, paragraphs=6):
        """Safe HTML (every piece escaped) with a sub-heading halfway down."""
        parts = [f"<p>{escape(self.paragraph())}</p>" for _ in range(paragraphs)]
        parts.insert(paragraphs // 2, f"<h2>{escape(self.rng.choice(SUBHEADS))}</h2>")
        return "\n".join(parts)

    def person(self):
        return self.rng.choice(self.people)

    def job_title(self):
        return self.rng.choice(["Reporter", "Correspondent", "Editor", "Columnist"])

    def tag_names(self, count=300):
        """Distinct topics and places, as tags pile up on a real news site."""
        names = set()
        while len(names) < count:
            names.add(self.fake.word().capitalize() if len(names) % 3 else self.fake.city())
        return sorted(names)

    def comment(self):
        return self.paragraph(self.rng.randint(1, 3))
