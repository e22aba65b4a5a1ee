"""Photo credits hidden in WordPress captions.

WordPress has no credit field: newsrooms write it into the caption, at the end,
in a few recognisable ways:

    Protesters outside the embassy. Photo: Jane Doe/Reuters
    Protesters outside the embassy (Jane Doe/Reuters)
    Protesters outside the embassy. Photograph by Jane Doe
    Protesters outside the embassy. REUTERS/Jane Doe
    Protesters outside the embassy. © Jane Doe

`split_credit` takes such a caption (plain text) and returns the caption without
the credit and the credit alone ("" when there is none). It only takes what
looks like a credit: a keyword (Photo, Photograph, Picture, Image, Credit,
Courtesy, ©, Copyright), a "Name/Agency" pair, or a well-known agency alone; a
caption ending "(left to right)" keeps its parenthesis.
"""
import re

WORD = r"(?:photo(?:graph)?s?(?:\s+credit)?|pictures?|images?|credits?)\b"
# A credit keyword and what introduces the name: "Photo:", "Photograph by", "©", "Copyright".
KEYWORD = rf"(?:{WORD}\s*(?::|\bby\b)|©|\(c\)|copyright\b)"
AGENCIES = r"(?:reuters|ap|afp|epa|getty images|pa|ansa|dpa|xinhua|shutterstock|alamy|anadolu|bloomberg)"
# "Name/Agency" or "AGENCY/Name": short capitalised words on both sides of one slash.
SLASHED = r"[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,5}\s*/\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,5}"
# Where a credit may start: the beginning, after a sentence, or after a separator.
START = r"(?:^|(?<=[.!?])\s+|\s*[|–—]\s*|\s+-\s+)"

KEYWORDED = re.compile(
    rf"^(?P<caption>.*?){START}(?P<credit>{KEYWORD}\s*[^.!?]*[^\s.!?])\s*\.?$", re.I | re.S
)
COURTESY = re.compile(
    rf"^(?P<caption>.*?){START}(?P<credit>(?:{WORD}\s+)?courtesy(?:\s+of)?\s+[^.!?]*[^\s.!?])\s*\.?$", re.I | re.S
)
BRACKETED = re.compile(r"^(?P<caption>.*?)\s*[(\[]\s*(?P<credit>[^()\[\]]+?)\s*[)\]]\s*\.?$", re.S)
LAST_SENTENCE = re.compile(rf"^(?P<caption>(?:.*?[.!?])?)\s*(?P<credit>{SLASHED})\s*\.?$", re.S)
AGENCY_ALONE = re.compile(rf"^{AGENCIES}(?:\s+photos?)?$", re.I)
KEYWORD_PREFIX = re.compile(rf"^{KEYWORD}\s*", re.I)


def _tidy_caption(caption):
    return caption.strip().rstrip("|–—-,;:").rstrip()


def _credit_like(text):
    return bool(
        KEYWORD_PREFIX.match(text) and KEYWORD_PREFIX.sub("", text)
        or re.fullmatch(SLASHED, text)
        or AGENCY_ALONE.match(text)
        or COURTESY.match(text)
    )


def _clean_credit(credit):
    return KEYWORD_PREFIX.sub("", credit).strip() or credit.strip()


def split_credit(caption):
    """(caption without its credit, credit) for a plain-text caption."""
    text = (caption or "").strip()
    if not text:
        return "", ""
    match = BRACKETED.match(text)
    if match and _credit_like(match["credit"]):
        return _tidy_caption(match["caption"]), _clean_credit(match["credit"])
    match = KEYWORDED.match(text)
    if match:
        return _tidy_caption(match["caption"]), _clean_credit(match["credit"])
    match = COURTESY.match(text)
    if match:
        return _tidy_caption(match["caption"]), match["credit"].strip()
    match = LAST_SENTENCE.match(text)
    if match:
        return _tidy_caption(match["caption"]), match["credit"].strip()
    return text, ""
