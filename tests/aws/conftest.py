"""Fixtures of the AWS suite: moto in server mode on loopback for the whole session, a clean account per test.

moto serves EC2, Secrets Manager, IAM, STS and the FSx file system calls it implements; what it does not
(FSx SVMs, lifecycles, EKS add-ons and Pod Identity) comes from botocore Stubber scripts (see aws_harness).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))  # the spec tests' expected AWS requests
from aws_harness import Aws

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``moto_server`` on a free loopback port, stopped at the end of the session."""
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    for _attempt in range(3):  # another process may take the port between choosing and binding it
        port = _free_port()
        with log.open("w") as out:
            server = subprocess.Popen(
                [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT
            )
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        if server.poll() is None:
            break
    else:
        raise pytest.fail.Exception(f"moto_server did not start: {log.read_text()[-2000:]}", pytrace=False)
    try:
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def aws(moto_endpoint: str, tmp_path: Path) -> Aws:
    """A clean moto account (reset before each test) and the means to run modules against it."""
    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).read()
    return Aws(moto_endpoint, tmp_path)
