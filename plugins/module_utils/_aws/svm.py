"""Converge a storage virtual machine and the Secrets Manager secret holding its vsadmin credentials.

The secret is written before the SVM is created, so a run interrupted between the two resumes with the
same password (read back from the secret) instead of orphaning an SVM whose password nobody knows. A
generated password goes from memory to the secret and the SVM, nowhere else; what the module returns
about the secret is its ARN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ..spec.aws import Svm
from ..spec.render_aws import MANAGED_TAG, secret_description, secret_tags, svm_request, vsadmin_secret
from . import fsx, secretsmanager, transform
from .client import connect
from .errors import Refusal
from .waiters import SVM, wait_for

Resource = Mapping[str, Any]


@dataclass(frozen=True)
class Credentials:
    """The vsadmin password of this run (None in check mode, or when nothing needs it) and where it goes."""

    password: str | None
    write_secret: bool
    set_on_svm: bool


@dataclass
class Options:
    wait: bool = True
    wait_timeout: int = 1800
    tags: dict[str, str] = field(default_factory=dict)
    purge_tags: bool = True
    secret_recovery_window_days: int = 7
    check_mode: bool = False


class SvmRunner:
    def __init__(self, module: Any, options: Options) -> None:
        self.module = module
        self.options = options
        self.fsx = connect(module, "fsx")
        self.secrets = connect(module, "secretsmanager")
        self.actions: list[str] = []

    def file_system_id(self, file_system_id: str | None, file_system_name: str | None) -> str:
        if file_system_id is not None:
            return file_system_id
        found = fsx.ontap_file_systems_named(self.fsx, str(file_system_name))
        if len(found) != 1:
            what = "no" if not found else f"{len(found)}"
            raise Refusal(f"{what} ONTAP file systems carry the Name tag {file_system_name!r}; give file_system_id")
        return str(found[0]["FileSystemId"])

    def find(self, file_system_id: str, name: str) -> Resource | None:
        for machine in fsx.svms_of(self.fsx, file_system_id):
            if machine.get("Name") == name and machine.get("Lifecycle") != "DELETING":
                return machine
        return None

    def _secret_tags(self) -> dict[str, str]:
        return secret_tags(self.options.tags)

    # -- present ------------------------------------------------------------------------------------------

    def present(self, svm: Svm, file_system_id: str, given_password: str | None) -> dict[str, Any]:
        file_system = fsx.file_system(self.fsx, file_system_id)
        if file_system is None:
            raise Refusal(f"file system {file_system_id} does not exist")
        if file_system.get("Lifecycle") not in ("AVAILABLE", "UPDATING"):
            raise Refusal(
                f"file system {file_system_id} is {file_system.get('Lifecycle')}; an SVM can be created once it is "
                "AVAILABLE (fsx_ontap_filesystem waits for that)"
            )
        machine = self.find(file_system_id, svm.name)
        secret = secretsmanager.describe(self.secrets, svm.credentials_secret)
        if secret is not None and secret.get("DeletedDate"):
            raise Refusal(
                f"secret {svm.credentials_secret} is scheduled for deletion; restore it "
                "(aws secretsmanager restore-secret) or choose another credentials_secret"
            )
        if secret is not None and MANAGED_TAG not in _tags(secret).items():
            raise Refusal(
                f"secret {svm.credentials_secret} exists and was not created by tridentops (no tag "
                f"{MANAGED_TAG[0]}={MANAGED_TAG[1]}); choose another credentials_secret, or tag it if it holds "
                f"this SVM's vsadmin credentials"
            )
        plan = self._credentials(svm, secret, machine, given_password)
        secret_arn = self._converge_secret(svm, secret, plan)
        machine = self._converge_svm(svm, file_system_id, machine, plan)
        return {
            "changed": bool(self.actions),
            "actions": self.actions,
            "svm": transform.svm(machine) if machine else None,
            "credentials_secret": {"name": svm.credentials_secret, "arn": secret_arn},
        }

    def _credentials(
        self, svm: Svm, secret: Resource | None, machine: Resource | None, given: str | None
    ) -> Credentials:
        """Which password goes where: at most one read of the stored one, and only when it matters."""
        stored = None
        if secret is not None and (given is not None or (machine is None and not self.options.check_mode)):
            stored = secretsmanager.password_in(
                secretsmanager.value(self.secrets, svm.credentials_secret), svm.credentials_secret
            )
            self.module.no_log_values.add(stored)
        if given is not None:
            differs = secret is None or stored != given
            return Credentials(given, write_secret=differs, set_on_svm=machine is not None and differs)
        if secret is None:
            password = None if self.options.check_mode else secretsmanager.generate_password()
            if password is not None:
                self.module.no_log_values.add(password)
            return Credentials(password, write_secret=True, set_on_svm=machine is not None)
        return Credentials(stored, write_secret=False, set_on_svm=False)

    def _converge_secret(self, svm: Svm, secret: Resource | None, plan: Credentials) -> str | None:
        document = None if plan.password is None else json.dumps(vsadmin_secret(plan.password))
        if secret is None:
            self.actions.append(f"create secret {svm.credentials_secret}")
            if document is None:  # check mode
                return None
            description = secret_description(svm.name)
            return secretsmanager.create(
                self.secrets, svm.credentials_secret, document, description, self._secret_tags()
            )
        arn = str(secret["ARN"])
        if plan.write_secret:
            self.actions.append(f"store the new vsadmin password in secret {svm.credentials_secret}")
            if not self.options.check_mode and document is not None:
                secretsmanager.put(self.secrets, arn, document)
        to_set, to_unset = compare_aws_tags(_tags(secret), self._secret_tags(), purge_tags=self.options.purge_tags)
        if to_set or to_unset:
            self.actions.append(f"retag secret {svm.credentials_secret}")
            if not self.options.check_mode:
                if to_unset:
                    secretsmanager.untag(self.secrets, arn, to_unset)
                if to_set:
                    secretsmanager.tag(self.secrets, arn, to_set)
        return arn

    def _converge_svm(
        self, svm: Svm, file_system_id: str, machine: Resource | None, plan: Credentials
    ) -> Resource | None:
        if machine is None:
            self.actions.append(f"create storage virtual machine {svm.name}")
            if self.options.check_mode:
                return None
            request = {**svm_request(svm, file_system_id), "SvmAdminPassword": plan.password}
            if self.options.tags:
                request["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(self.options.tags.items())]
            created = fsx.create_svm(self.fsx, request)
            return self._settle(created, svm.name)
        if machine.get("RootVolumeSecurityStyle") not in (None, svm.root_volume_security_style):
            raise Refusal(
                f"storage virtual machine {svm.name} has root volume security style "
                f"{machine['RootVolumeSecurityStyle']}, not {svm.root_volume_security_style}; AWS cannot change it "
                "in place"
            )
        if plan.set_on_svm:
            # A new secret for an existing SVM, or a new given password: the SVM must have what the secret says.
            self.actions.append(f"set the vsadmin password of storage virtual machine {svm.name}")
            if not self.options.check_mode and plan.password is not None:
                fsx.set_svm_password(self.fsx, str(machine["StorageVirtualMachineId"]), plan.password)
        to_set, to_unset = compare_aws_tags(_tags(machine), self.options.tags, purge_tags=self.options.purge_tags)
        if to_set or to_unset:
            self.actions.append(f"retag storage virtual machine {svm.name}")
            if not self.options.check_mode:
                if to_unset:
                    fsx.untag(self.fsx, str(machine["ResourceARN"]), to_unset)
                if to_set:
                    fsx.tag(self.fsx, str(machine["ResourceARN"]), to_set)
        return self._settle(machine, svm.name) if machine.get("Lifecycle") != "CREATED" else machine

    def _settle(self, machine: Resource, name: str) -> Resource | None:
        svm_id = str(machine["StorageVirtualMachineId"])
        if not self.options.wait:
            return machine
        return wait_for(lambda: fsx.svm(self.fsx, svm_id), SVM, f"{name} ({svm_id})", self.options.wait_timeout)

    # -- absent -------------------------------------------------------------------------------------------

    def absent(self, svm_name: str, secret_name: str | None, file_system_id: str) -> dict[str, Any]:
        machine = self.find(file_system_id, svm_name)
        secret = secretsmanager.describe(self.secrets, secret_name) if secret_name else None
        if secret is not None and secret.get("DeletedDate"):
            secret = None
        if machine is not None:
            self.actions.append(f"delete storage virtual machine {svm_name}")
            if not self.options.check_mode:
                svm_id = str(machine["StorageVirtualMachineId"])
                fsx.delete_svm(self.fsx, svm_id)
                if self.options.wait:
                    wait_for(lambda: fsx.svm(self.fsx, svm_id), SVM, svm_name, self.options.wait_timeout, gone=True)
        if secret is not None and secret_name is not None:
            self.actions.append(f"delete secret {secret_name}")
            if not self.options.check_mode:
                secretsmanager.delete(self.secrets, str(secret["ARN"]), self.options.secret_recovery_window_days)
        return {
            "changed": bool(self.actions),
            "actions": self.actions,
            "svm": transform.svm(machine) if machine else None,
        }


def _tags(resource: Resource) -> dict[str, str]:
    return {str(t["Key"]): str(t["Value"]) for t in resource.get("Tags") or []}
