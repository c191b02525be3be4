"""Run the AWS modules as a user would (ansible-playbook), against moto and botocore Stubber scripts.

Every run gets a fresh test-seam script (TRIDENTOPS_AWS_TEST_SEAM, read by ``seam/sitecustomize.py``, which
every module process loads from PYTHONPATH): the stubbed responses per module and service, and a file where
every AWS call of every module is recorded (operation and parameters, sensitive values as digests). Tests
assert on those calls: the exact sequence, no mutating call on a second run or in check mode.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import yaml
from playbook import BIN, JSON, SCAN, ansible_env, execute, json_results

REGION = "eu-west-1"
ACCOUNT = "123456789012"  # moto's default account
FS_ID = "fs-0123456789abcdef0"
SVM_ID = "svm-0123456789abcdef0"
ANY = "<ANY>"
READ_PREFIXES = ("Describe", "List", "Get")
# Holds the sitecustomize.py that equips the module processes' boto3 clients (the collection has no test hook).
SEAM_DIR = Path(__file__).resolve().parent / "seam"


def digest(secret: str) -> str:
    """How the test seam records a sensitive value."""
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Call:
    module: str
    service: str
    operation: str
    params: dict[str, Any]

    @property
    def mutating(self) -> bool:
        return not self.operation.startswith(READ_PREFIXES)


@dataclass
class Stubs:
    """Stubbed responses, per module and service, in the order the module makes the calls."""

    script: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=lambda: defaultdict(dict))

    def add(
        self,
        module: str,
        service: str,
        method: str,
        response: dict[str, Any] | None = None,
        expected: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        status: int = 400,
    ) -> Stubs:
        entry: dict[str, Any] = {"method": method, "expected_params": expected}
        if error is not None:
            entry["error"] = {"code": error[0], "message": error[1], "status": status}
        else:
            entry["response"] = response or {}
        self.script[module].setdefault(service, []).append(entry)
        return self


@dataclass
class AwsRun:
    rc: int
    stdout: str
    stderr: str
    results: list[dict[str, Any]]
    calls: list[Call]
    pending: list[dict[str, Any]]

    @property
    def last(self) -> dict[str, Any]:
        return self.results[-1] if self.results else {}

    @property
    def failed(self) -> bool:
        return self.rc != 0

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def operations(self, module: str | None = None) -> list[str]:
        return [c.operation for c in self.calls if module is None or c.module == module]

    def mutating(self) -> list[str]:
        return [f"{c.service}:{c.operation}" for c in self.calls if c.mutating]

    def call(self, operation: str) -> Call:
        return next(c for c in self.calls if c.operation == operation)


class Aws:
    """One moto account (reset per test) and the means to run tasks and playbooks against it."""

    def __init__(self, endpoint: str, tmp: Path) -> None:
        self.endpoint = endpoint
        self.tmp = tmp
        self._runs = 0

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def environment(self, seam: Path, credentials: bool = True) -> dict[str, str]:
        env = {"TRIDENTOPS_AWS_TEST_SEAM": str(seam), "AWS_EC2_METADATA_DISABLED": "true"}
        # The local connection runs each module with ansible-playbook's environment, so this reaches them.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SEAM_DIR), os.environ.get("PYTHONPATH")]))
        if credentials:
            # The connection a user's environment would give; amazon.aws reads these as option fallbacks.
            env.update(
                AWS_URL=self.endpoint,
                AWS_ACCESS_KEY_ID="testing",
                AWS_SECRET_ACCESS_KEY="testing",
                AWS_REGION=REGION,
            )
        return env

    def run(
        self,
        tasks: list[dict[str, Any]] | None = None,
        *,
        playbook: str | None = None,
        stubs: Stubs | None = None,
        check: bool = False,
        diff: bool = False,
        verbosity: int | None = None,
        extra_vars: dict[str, Any] | None = None,
        kubeconfig: Path | None = None,
        module_defaults: dict[str, Any] | None = None,
        credentials: bool = True,
        callback: str = "ansible.posix.json",
    ) -> AwsRun:
        self._runs += 1
        run_dir = self.tmp / f"run{self._runs}"
        run_dir.mkdir()
        record = run_dir / "calls.jsonl"
        seam = run_dir / "seam.json"
        seam.write_text(json.dumps({"record": str(record), "stubs": (stubs or Stubs()).script}))
        if playbook is None:
            play = {
                "name": "tridentops aws test",
                "hosts": "localhost",
                "connection": "local",
                "gather_facts": False,
                "tasks": tasks or [],
            }
            if module_defaults:
                play["module_defaults"] = module_defaults
            playbook = str(run_dir / "play.yml")
            Path(playbook).write_text(yaml.safe_dump([play]))
        command = [str(BIN / "ansible-playbook"), "-i", "localhost,", playbook]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if extra_vars:
            # From a file, as a user keeps secrets out of the process list.
            (run_dir / "extra_vars.json").write_text(json.dumps(extra_vars))
            command += ["-e", f"@{run_dir / 'extra_vars.json'}"]
        env = {**ansible_env(kubeconfig, callback), **self.environment(seam, credentials)}
        if not credentials:
            for name in ("AWS_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_PROFILE"):
                env.pop(name, None)
        if tasks:
            SCAN.learn(tasks, "the tasks")
        done = execute(
            command,
            env,
            verbosity=verbosity,
            playbook=playbook,
            extra_vars=extra_vars,
            kubeconfig=kubeconfig,
            cwd=tempfile.gettempdir(),
        )
        results = json_results(done.stdout) if callback == JSON else []
        calls, pending = [], []
        if record.exists():
            for line in record.read_text().splitlines():
                entry = json.loads(line)
                if "pending" in entry:
                    pending.append(entry)
                else:
                    calls.append(Call(entry["module"], entry["service"], entry["operation"], entry["params"]))
        return AwsRun(done.returncode, done.stdout, done.stderr, results, calls, pending)

    def module(self, name: str, /, stubs: Stubs | None = None, **options: Any) -> AwsRun:
        run_options = {k: options.pop(k) for k in ("check", "diff", "verbosity", "callback") if k in options}
        return self.run([{"name": name, f"tridentops.storage.{name}": options}], stubs=stubs, **run_options)

    # -- moto fixtures ------------------------------------------------------------------------------------------

    def network(self) -> dict[str, str]:
        """A VPC with two subnets in eu-west-1a and one in eu-west-1b."""
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]

        def subnet(cidr: str, zone: str) -> str:
            return str(ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"])

        sg = ec2.create_security_group(GroupName="fsx", Description="fsx", VpcId=vpc)["GroupId"]
        return {
            "vpc": vpc,
            "a": subnet("10.0.1.0/24", f"{REGION}a"),
            "b": subnet("10.0.2.0/24", f"{REGION}b"),
            "a2": subnet("10.0.3.0/24", f"{REGION}a"),
            "sg": sg,
        }


# -- FSx responses that moto cannot give (validated by Stubber against the FSx model) ----------------------------


def fs_description(
    *,
    lifecycle: str = "AVAILABLE",
    name: str = "eks-trident",
    subnets: list[str] | None = None,
    capacity: int = 1024,
    throughput: int = 512,
    deployment: str = "MULTI_AZ_1",
    tags: dict[str, str] | None = None,
    failure: str | None = None,
    fs_id: str = FS_ID,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    subnets = subnets or ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    ontap: dict[str, Any] = {
        "DeploymentType": deployment,
        "ThroughputCapacity": throughput,
        "Endpoints": {
            "Management": {
                "DNSName": f"management.{fs_id}.fsx.{REGION}.amazonaws.com",
                "IpAddresses": ["198.19.255.1"],
            },
            "Intercluster": {
                "DNSName": f"intercluster.{fs_id}.fsx.{REGION}.amazonaws.com",
                "IpAddresses": ["10.0.1.9"],
            },
        },
        **(extra or {}),
    }
    if deployment.startswith("MULTI_AZ"):
        ontap["PreferredSubnetId"] = subnets[0]
    described: dict[str, Any] = {
        "FileSystemId": fs_id,
        "FileSystemType": "ONTAP",
        "Lifecycle": lifecycle,
        "StorageCapacity": capacity,
        "StorageType": "SSD",
        "VpcId": "vpc-0123456789abcdef0",
        "SubnetIds": subnets,
        "DNSName": f"{fs_id}.fsx.{REGION}.amazonaws.com",
        "ResourceARN": f"arn:aws:fsx:{REGION}:{ACCOUNT}:file-system/{fs_id}",
        "Tags": [{"Key": k, "Value": v} for k, v in sorted({**(tags or {}), "Name": name}.items())],
        "OntapConfiguration": ontap,
    }
    if failure:
        described["FailureDetails"] = {"Message": failure}
    return described


def svm_description(
    *, lifecycle: str = "CREATED", name: str = "svm_eks", reason: str | None = None, svm_id: str = SVM_ID
) -> dict[str, Any]:
    base = f"{svm_id}.{FS_ID}.fsx.{REGION}.amazonaws.com"
    described: dict[str, Any] = {
        "StorageVirtualMachineId": svm_id,
        "FileSystemId": FS_ID,
        "Name": name,
        "Lifecycle": lifecycle,
        "ResourceARN": f"arn:aws:fsx:{REGION}:{ACCOUNT}:storage-virtual-machine/{FS_ID}/{svm_id}",
        "UUID": "0f3f7b39-1e3d-11ef-9b4a-0123456789ab",
        "Subtype": "DEFAULT",
        "RootVolumeSecurityStyle": "UNIX",
        "Endpoints": {
            "Management": {"DNSName": base, "IpAddresses": ["10.0.1.17"]},
            "Nfs": {"DNSName": base, "IpAddresses": ["10.0.1.17"]},
            "Iscsi": {"DNSName": f"iscsi.{base}", "IpAddresses": ["10.0.1.18", "10.0.2.18"]},
        },
    }
    if reason:
        described["LifecycleTransitionReason"] = {"Message": reason}
    return described
