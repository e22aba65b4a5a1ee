"""The WordPress import's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    WORDPRESS_IMPORT_DIR=Knob(
        "",
        "where exports uploaded in the admin are kept (private: never served; empty: `imports/` beside "
        "manage.py); the job worker that runs imports must see the same folder",
    ),
    WORDPRESS_UPLOAD_MAX_BYTES=Knob(
        3 * 1024**3, "largest upload the admin's import page takes from staff (export and photos .zip together)",
        shown="3 GB",
    ),
    WORDPRESS_PHOTOS_ZIP_MAX_BYTES=Knob(
        2 * 1024**3, "largest uncompressed size of an uploaded photos .zip", shown="2 GB"
    ),
)
