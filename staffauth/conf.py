"""The staff sign-in's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    STAFF_LOGIN_FAILURE_LIMIT=Knob(
        5, "failed sign-ins, per account and per address, before sign-in is refused for `STAFF_LOGIN_COOL_OFF`"
    ),
    STAFF_LOGIN_COOL_OFF=Knob(
        15 * 60, "how long a locked-out account or address waits after its last try, in seconds", shown="15 minutes"
    ),
    STAFF_LOGIN_IP_HEADER=Knob(
        "REMOTE_ADDR",
        "the request header holding a signing-in client's address (`HTTP_X_FORWARDED_FOR` behind a proxy)",
    ),
    STAFF_REQUIRE_TWO_FACTOR=Knob(
        None,
        "require a second factor (authenticator app or passkey) from superusers and `STAFF_TWO_FACTOR_ROLES`",
        cast=bool,
        shown="on (off with `DJANGO_DEBUG`)",
    ),
    STAFF_TWO_FACTOR_ROLES=Knob(("Editor",), "the roles that must sign in with a second factor", cast=list),
    STAFF_SESSION_IDLE_SECONDS=Knob(
        30 * 60, "a staff session ends after this long without a request, in seconds", shown="30 minutes"
    ),
)
