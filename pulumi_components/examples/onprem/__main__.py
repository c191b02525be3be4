"""Trident on premises: a whole tridentops storage spec as one TridentStack.

The spec file says what to build (Trident, ONTAP backends, classes); secrets do not live in it. Every
inline password or CHAP secret in the file is replaced by this stack's secret config, one key per
backend and field, so the values reach the cluster only as Pulumi secrets:

    pulumi config set --secret nas-tiers-password ...
    pulumi config set --secret san-db-password ...
    pulumi config set --secret san-db-chap-initiator-secret ...
    pulumi config set --secret san-db-chap-target-initiator-secret ...
    pulumi up
"""

from pathlib import Path
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import yaml

from tridentops_pulumi import TridentStack
from tridentops_pulumi.spec_args import TridentStackArgs

DEFAULT_SPEC = Path(__file__).resolve().parents[3] / "examples" / "onprem.yaml"
SECRET_FIELDS = ("password", "client_private_key", "chap_initiator_secret", "chap_target_initiator_secret")

config = pulumi.Config()
spec: dict[str, Any] = yaml.safe_load(Path(config.get("specFile") or DEFAULT_SPEC).read_text())
for backend in spec.get("backends", []):
    credentials = backend.get("credentials", {})
    for field in SECRET_FIELDS:
        if field in credentials:
            credentials[field] = config.require_secret(f"{backend['name']}-{field.replace('_', '-')}")

cluster = k8s.Provider("cluster", kubeconfig=config.get_secret("kubeconfig"), context=config.get("context"))
stack = TridentStack("storage", cast(TridentStackArgs, spec), opts=pulumi.ResourceOptions(providers=[cluster]))

pulumi.export("namespace", stack.namespace)
pulumi.export("backends", stack.backend_names)
pulumi.export("storage_classes", stack.storage_class_names)
pulumi.export("snapshot_classes", stack.snapshot_class_names)
