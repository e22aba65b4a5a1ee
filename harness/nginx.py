"""nginx run by tests and the benchmark: a main configuration with every path
in one folder, around a site's configuration (the shipped one, or the
benchmark's static files)."""
import os
import shutil

NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def main_config(folder, site_config, workers=1):
    """A minimal nginx.conf that includes the site's file, with everything in `folder`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
    temp = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes {workers};\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "events { worker_connections 256; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
        f" access_log {folder / 'access.log'};\n {temp}\n include {site_config};\n}}\n"
    )
