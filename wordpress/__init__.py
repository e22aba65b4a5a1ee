"""Bringing a WordPress site over: reading its export (WXR) and converting its content.

`wxr` streams the export into typed records, `content` turns WordPress bodies and
comments into ours, `urls` recognises the old site's addresses, and `attachments`
reads what WordPress knows about a photo. Nothing here writes to the database.
"""
