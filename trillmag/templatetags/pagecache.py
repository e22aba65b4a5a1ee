"""The page cache in templates.

- `{% hole "name" arg %}shared content{% endhole %}`: a page-cache hole
  (trillmag/pagecache/holes.py) around what visitors without anything personal
  see; the hole's renderer fills it per request for those who have.
- `{% remember "name" arg… on "key"… %}content{% endremember %}`: the content
  printed once per version of the keys (pagecache.remember), named by the
  name and args. It must show only what those keys cover, and nothing
  personal: the fragment is shared by every visitor.
"""
from django import template

from trillmag.pagecache import hole_marker
from trillmag.pagecache import remember as remember_fragment

register = template.Library()


@register.tag
def hole(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError('Use {% hole "name" %} or {% hole "name" arg %}.')
    shared = parser.parse(("endhole",))
    parser.delete_first_token()
    return HoleNode([parser.compile_filter(bit) for bit in bits[1:]], shared)


class HoleNode(template.Node):
    def __init__(self, args, shared):
        self.args = args
        self.shared = shared

    def render(self, context):
        name, *arg = [value.resolve(context) for value in self.args]
        # An argument the page does not set (say, a base template's subject) is none.
        return hole_marker(name, arg[0] if arg and arg[0] not in (None, "") else None, self.shared.render(context))


@register.tag
def remember(parser, token):
    bits = token.split_contents()[1:]
    if "on" not in bits or not bits[0] or bits.index("on") in (0, len(bits) - 1):
        raise template.TemplateSyntaxError('Use {% remember "name" arg… on "key"… %}.')
    content = parser.parse(("endremember",))
    parser.delete_first_token()
    split = bits.index("on")
    name, keys = ([parser.compile_filter(bit) for bit in part] for part in (bits[:split], bits[split + 1 :]))
    return RememberNode(name, keys, content)


class RememberNode(template.Node):
    def __init__(self, name, keys, content):
        self.name = name
        self.keys = keys
        self.content = content

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in self.name)
        keys = [str(key.resolve(context)) for key in self.keys]
        return remember_fragment(f"template:{name}", keys, lambda: self.content.render(context))
