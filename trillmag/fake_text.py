"""Plausible news copy for load tests: headlines, standfirsts, bodies, comments.

Sentences are assembled from a pool built once per run, so a few hundred thousand
articles take seconds of CPU, and words repeat the way they do in real news
(search and tag pages then find realistic numbers of matches).
"""
import random
from html import escape

PEOPLE = [
    "the mayor", "the finance minister", "union leaders", "local traders", "the health board",
    "opposition members", "the city council", "school governors", "harbour officials",
    "the transport authority", "residents", "the festival organisers", "farmers",
    "the police commissioner", "young voters", "the regional court", "small landlords",
]
ACTIONS = [
    "pushed back against", "quietly approved", "asked for a review of", "welcomed",
    "raised concerns about", "voted to delay", "published figures on", "promised to fund",
    "called for an inquiry into", "rejected", "agreed to expand", "questioned the cost of",
]
TOPICS = [
    "the new budget", "the bus network", "rents in the old town", "the flood defences",
    "the hospital merger", "night-time noise rules", "the stadium plan", "water prices",
    "the summer music festival", "school meals", "the bridge repairs", "street lighting",
    "the housing plan", "fuel duty", "the election timetable", "cycle lanes", "the museum",
]
WHEN = [
    "on Monday", "late on Tuesday", "this week", "after a long debate", "before the summer",
    "at a packed meeting", "for the third time this year", "despite a last-minute appeal",
]
DETAILS = [
    "Figures seen by this paper suggest the cost has doubled since spring.",
    "A spokesperson said a decision would follow within weeks.",
    "Critics say the plan leaves the poorest streets behind.",
    "Supporters argue the change is long overdue.",
    "Nobody at the meeting disputed the numbers, only what to do about them.",
    "The last review, five years ago, reached much the same conclusion.",
    "Several speakers asked why the report had been published so late.",
    "Traders on the high street say footfall has already dropped.",
    "The proposal now goes to a public consultation.",
    "Officials declined to say how many homes would be affected.",
]
SUBHEADS = ["What happens next", "The numbers", "Why it matters", "Reaction", "Background"]
TAG_WORDS = [
    "budget", "housing", "transport", "health", "schools", "music", "football", "courts",
    "climate", "elections", "police", "rents", "festivals", "farming", "energy", "water",
    "museums", "cycling", "jobs", "taxes", "flooding", "tourism", "theatre", "markets",
]
PLACES = [
    "Harrowby", "Eastmere", "Kilbride", "Norton Vale", "Ashcombe", "Port Lissan", "Redwater", "Carrow",
    "Dunmore", "Fenwick", "Greyhaven", "Holloway", "Inverlee", "Marlow Cross", "Oakhurst", "Pellow",
    "Queensfield", "Rosslyn", "Stanmoor", "Thornbury", "Upton Mills", "Westerby", "Yarrow", "Bellcastle",
    "Coldridge", "Dovercourt", "Elmstead", "Fairhope", "Glenarm", "Hatherly",
]
FIRST_NAMES = ["Ada", "Kwame", "Lena", "Tomas", "Priya", "Sean", "Mira", "Jonah", "Aisha", "Nils", "Ines", "Rafael"]
LAST_NAMES = ["Okafor", "Lindqvist", "Moreau", "Haddad", "Kowalski", "Brennan", "Sato", "Adeyemi", "Novak", "Reyes"]
REACTIONS = [
    "I was at that meeting and it was chaos.", "About time somebody asked these questions.",
    "Where is the money actually coming from?", "Good reporting, thank you.",
    "This affects my street directly and nobody asked us.", "The council has known for years.",
    "Can you publish the full report?", "I disagree, the plan is sensible.",
]


class TextMaker:
    def __init__(self, seed=1):
        self.rng = random.Random(seed)
        self.sentences = [self._sentence() for _ in range(2000)]

    def _sentence(self):
        rng = self.rng
        text = f"{rng.choice(PEOPLE)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(WHEN)}."
        return text[0].upper() + text[1:]

    def headline(self):
        rng = self.rng
        text = f"{rng.choice(PEOPLE)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)}"
        return text[0].upper() + text[1:]

    def standfirst(self):
        return " ".join(self.rng.sample(self.sentences, 2))

    def paragraph(self, sentences=4):
        return " ".join(self.rng.sample(self.sentences, sentences - 1) + [self.rng.choice(DETAILS)])

    def body_html(self, paragraphs=6):
        """Safe HTML (every piece escaped) with a sub-heading halfway down."""
        parts = [f"<p>{escape(self.paragraph())}</p>" for _ in range(paragraphs)]
        parts.insert(paragraphs // 2, f"<h2>{escape(self.rng.choice(SUBHEADS))}</h2>")
        return "\n".join(parts)

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def tag_names(self, count=300):
        """Topics, places, and pairs of them ("Carrow housing"), as tags on a
        real news site pile up: up to about 2,900."""
        words = TAG_WORDS + PLACES
        pairs = sorted({f"{a} {b}" for a in words for b in TAG_WORDS if a != b})
        count = min(count, len(words) + len(pairs))
        return words + self.rng.sample(pairs, count - len(words))

    def comment(self):
        return " ".join([self.rng.choice(REACTIONS), self.rng.choice(self.sentences)])
