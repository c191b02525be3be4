"""Fixtures of the protect, monitoring and namespace tests: the protect stand-in, S3 (moto), CRD fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# The module-test helpers (run tasks as a control-plane user, count writes) live with the integration tests.
sys.path.insert(0, str(HERE.parent / "integration"))
sys.path.insert(0, str(HERE.parent / "unit"))

from protect_helpers import S3_KEYS, free_port  # noqa: E402
from standin.protect import ProtectScenario, ProtectStandIn  # noqa: E402


@pytest.fixture(scope="session")
def moto_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An S3 endpoint (moto in server mode) on a free loopback port: ``host:port``."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    binary = Path(sys.executable).parent / "moto_server"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(binary), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise pytest.fail.Exception(
                        f"moto_server did not start:\n{log.read_text()}", pytrace=False
                    ) from None
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="session")
def s3(moto_s3: str):
    """A boto3 S3 client on the moto endpoint (what the tests check buckets with)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=f"http://{moto_s3}",
        region_name="eu-west-1",
        aws_access_key_id=S3_KEYS["accessKeyID"],
        aws_secret_access_key=S3_KEYS["secretAccessKey"],
    )


@pytest.fixture(scope="session")
def protect_standin(control_plane) -> Iterator[ProtectStandIn]:
    """Simulated Trident protect controller (no real one can run here), as user `standin`."""
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    standin = ProtectStandIn(control_plane.kubeconfigs["standin"]).start()
    yield standin
    standin.stop()


@pytest.fixture
def protect_scenario(kube_admin) -> Iterator[ProtectScenario]:
    with ProtectScenario(kube_admin) as scenario:
        yield scenario


@pytest.fixture(scope="session")
def ansible(control_plane):
    from helpers import Ansible

    return Ansible(control_plane)
