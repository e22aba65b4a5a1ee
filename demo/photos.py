"""Photos made on the spot, so that the demo and generated archives need no
files from anywhere: a JPEG that looks like a placeholder picture."""
import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ((28, 52, 92), (196, 120, 64)),
    ((92, 24, 38), (230, 190, 120)),
    ((20, 70, 60), (180, 210, 170)),
    ((50, 40, 80), (220, 160, 190)),
    ((30, 30, 34), (120, 150, 200)),
    ((70, 60, 20), (240, 210, 120)),
]


def make_photo(seed, palette, size=(1600, 1000)):
    """JPEG bytes: a gradient sky, a few hills and a strip of ground."""
    rng = random.Random(seed)
    top, bottom = PALETTES[palette % len(PALETTES)]
    width, height = size
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height // 3, height)
        r = rng.randrange(60, 260)
        shade = tuple(max(0, c - rng.randrange(20, 60)) for c in bottom)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    draw.rectangle([0, int(height * 0.82), width, height], fill=tuple(c // 3 for c in top))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def make_avatar(seed, palette):
    return make_photo(seed, palette, size=(400, 400))


def make_poster(seed, palette, size=(1280, 720)):
    """A video still (16:9) for an embedded video's facade: a photo seen on a
    screen, with a dark frame around it."""
    still = PILImage.open(io.BytesIO(make_photo(seed, palette, size=size)))
    draw = ImageDraw.Draw(still)
    width, height = size
    border = height // 14
    draw.rectangle([0, 0, width, border], fill=(12, 12, 14))
    draw.rectangle([0, height - border, width, height], fill=(12, 12, 14))
    buffer = io.BytesIO()
    still.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
