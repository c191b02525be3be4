"""OntapBackend and FsxTridentBackend: one TridentBackendConfig each, with its credentials Secret if rendered."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

from collections.abc import Mapping
from typing import Any

import pulumi

from ..sections import plan_section
from ..spec_args import FsxTridentBackendArgs, OntapBackendArgs
from ..spec_inputs import PlannedSpec
from ._common import declare_planned, known_after, token


def _declare_backend(
    component: pulumi.ComponentResource, name: str, planned: PlannedSpec, opts: pulumi.ResourceOptions | None
) -> dict[str, pulumi.Output[Any]]:
    declared, filler = declare_planned(component, name, planned, opts)
    backend = planned.spec.backends[0]
    config = declared.first("TridentBackendConfig")
    assert config is not None, "a backend renders its TridentBackendConfig"
    credentials = backend.credentials.name if backend.credentials.type == "awsarn" else backend.secret_name
    return {
        "backend_name": known_after(config, filler.fill_value(backend.trident_name)),
        "config_name": known_after(config, backend.name),
        "credentials_name": known_after(config, filler.fill_value(credentials)),
    }


class OntapBackend(pulumi.ComponentResource):
    """A Trident backend for ONTAP (ontap-nas, ontap-nas-economy, ontap-nas-flexgroup, ontap-san,
    ontap-san-economy): the TridentBackendConfig and, when the credentials are given inline, the Secret
    holding them (its values are Pulumi secrets).

    The TridentBackendConfig waits for its Secret and carries a readiness wait (Bound, last operation Success).
    Pass the TridentOperator (or whatever installs Trident) in ``depends_on``: every child waits for it.
    """

    backend_name: pulumi.Output[str]
    """Trident's name for the backend (backendName)."""
    config_name: pulumi.Output[str]
    """Name of the TridentBackendConfig."""
    credentials_name: pulumi.Output[str]
    """The Secret the backend reads its credentials from, or the Secrets Manager ARN (type awsarn)."""

    def __init__(self, name: str, args: OntapBackendArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("backends", args, f"OntapBackend '{name}'")
        super().__init__(token("OntapBackend"), name, {}, opts)
        outputs = _declare_backend(self, name, planned, opts)
        self.backend_name = outputs["backend_name"]
        self.config_name = outputs["config_name"]
        self.credentials_name = outputs["credentials_name"]
        self.register_outputs(outputs)


# Spec paths of an FSx backend entry -> FsxTridentBackend arg names (most specific first).
_FSX_RENAMES: Mapping[str, str] = {
    "aws.fsx_filesystem_id": "fsx_filesystem_id",
    "aws.api_region": "api_region",
    "aws": "fsx_filesystem_id",
    "credentials.name": "credentials_secret_arn",
    "credentials": "credentials_secret_arn",
}
_FSX_ARGS = ("fsx_filesystem_id", "api_region", "credentials_secret_arn")


def fsx_backend_entry(args: Mapping[str, Any]) -> dict[str, Any]:
    """The spec's ``backends[]`` entry for an FSx for NetApp ONTAP backend with Secrets Manager credentials."""
    entry = {k: v for k, v in args.items() if k not in _FSX_ARGS}
    aws = {"fsx_filesystem_id": args.get("fsx_filesystem_id")}
    if "api_region" in args:
        aws["api_region"] = args["api_region"]
    entry["aws"] = aws
    entry["credentials"] = {"type": "awsarn", "name": args.get("credentials_secret_arn")}
    return entry


class FsxTridentBackend(pulumi.ComponentResource):
    """A Trident backend on Amazon FSx for NetApp ONTAP: a TridentBackendConfig with ``aws.fsxFilesystemID``
    and ``credentials {name: <Secrets Manager ARN>, type: awsarn}``, so no password reaches Kubernetes.

    Trident reads the secret with the IAM role of its controller (FsxOntapStorage creates both). The
    TridentBackendConfig carries a readiness wait (``status.phase`` Bound); pass the Trident installation
    in ``depends_on``.
    """

    backend_name: pulumi.Output[str]
    """Trident's name for the backend (backendName)."""
    config_name: pulumi.Output[str]
    """Name of the TridentBackendConfig."""
    credentials_name: pulumi.Output[str]
    """The Secrets Manager ARN the backend reads its credentials from."""

    def __init__(self, name: str, args: FsxTridentBackendArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("backends", fsx_backend_entry(args), f"FsxTridentBackend '{name}'", _FSX_RENAMES)
        super().__init__(token("FsxTridentBackend"), name, {}, opts)
        outputs = _declare_backend(self, name, planned, opts)
        self.backend_name = outputs["backend_name"]
        self.config_name = outputs["config_name"]
        self.credentials_name = outputs["credentials_name"]
        self.register_outputs(outputs)
