"""Each app's settings, declared once, with their defaults.

An app lists its knobs in its `conf.py`:

    conf = Knobs(
        COMMENTS_MAX_LENGTH=Knob(5000, "Longest comment body, in characters."),
    )

and reads them as `conf.COMMENTS_MAX_LENGTH`: the project setting of that name
when there is one (tests override it with the `settings` fixture), otherwise
the default stated here. A name that is not a knob raises AttributeError, so a
typo cannot silently read a default.

The environment variable of a knob has the knob's name. `trillmag/settings.py`
calls `from_environment(KNOB_MODULES)`, which sets a knob only when its
variable is set; the default is never repeated there. The README's table of
knobs is generated from these declarations (`python manage.py knobs`), and a
test keeps the two equal.
"""
import os
from dataclasses import dataclass
from importlib import import_module

import environ
from django.conf import settings


@dataclass(frozen=True)
class Knob:
    default: object
    help: str
    # How the environment variable's text becomes a value: bool, int, str, [int]
    # (a comma-separated list of ints), list... Inferred from the default if not given.
    cast: object = None
    # Older environment variable names still read, for deployments that use them.
    aliases: tuple = ()
    # How the README shows the default, when str() of it would not say much.
    shown: str = ""

    def parse(self, text):
        return environ.Env.parse_value(text, self.cast or infer_cast(self.default))

    def shown_default(self):
        if self.shown:
            return self.shown
        if isinstance(self.default, bool):
            return "on" if self.default else "off"
        if isinstance(self.default, (list, tuple)):
            return ",".join(map(str, self.default)) or "(empty)"
        if self.default in (None, ""):
            return "(unset)"
        return str(self.default)


def infer_cast(default):
    if isinstance(default, (list, tuple)):
        return [type(default[0])] if default else list
    if default is None:
        return str
    return type(default)


class Knobs:
    def __init__(self, **knobs):
        self.knobs = knobs

    def __getattr__(self, name):
        # Only called for names that are not attributes, i.e. the knobs.
        try:
            knob = self.knobs[name]
        except KeyError:
            raise AttributeError(f"{name} is not a knob declared here") from None
        return getattr(settings, name, knob.default)

    def __iter__(self):
        return iter(self.knobs.items())

    def from_environment(self, environ_=None):
        """{name: value} for every knob whose environment variable (or an old
        alias of it) is set: what settings.py adds to the settings."""
        environ_ = os.environ if environ_ is None else environ_
        found = {}
        for name, knob in self:
            for variable in (name, *knob.aliases):
                if variable in environ_:
                    found[name] = knob.parse(environ_[variable])
                    break
        return found


def declared(modules):
    """(name, Knob) of every knob of `modules` (dotted paths of conf modules)."""
    return [item for module in modules for item in import_module(module).conf]


def from_environment(modules, environ_=None):
    return {
        name: value for module in modules for name, value in import_module(module).conf.from_environment(environ_).items()
    }
