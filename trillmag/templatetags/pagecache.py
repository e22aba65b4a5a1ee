"""`{% hole "name" arg %}shared content{% endhole %}`: a page-cache hole
(trillmag/pagecache/holes.py) around what visitors without anything personal
see; the hole's renderer fills it per request for those who have."""
from django import template

from trillmag.pagecache import hole_marker

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
        return hole_marker(name, arg[0] if arg else None, self.shared.render(context))
