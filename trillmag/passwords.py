"""New staff accounts get a random password, shown once."""
import secrets


def new_password():
    return secrets.token_urlsafe(12)


def shown_once(account, username, password):
    """The message that hands a new password over: `account` says what was made ("superuser")."""
    return (
        f"Created {account} for /admin/. Username: {username}  Password: {password}\n"
        "This password is shown only once: note it down (change it with "
        f"'.venv/bin/python manage.py changepassword {username}')."
    )
