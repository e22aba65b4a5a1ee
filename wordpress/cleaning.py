"""What a commenter typed on WordPress years ago, made fit for our fields:
anything invalid becomes empty rather than stopping the import."""
import ipaddress

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

WEBSITE = URLValidator(schemes=["http", "https"])


def web_address(url):
    url = (url or "").strip()
    if not url or len(url) > 200:
        return ""
    try:
        WEBSITE(url)
    except ValidationError:
        return ""
    return url


def ip_address(text):
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None
