"""NamespaceOnboarding: a team namespace with its storage quota per StorageClass, limits and RoleBinding."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..addon_sections import plan_namespace
from ..spec_args import NamespaceOnboardingArgs
from ._common import declare_planned, known_after, token


class NamespaceOnboarding(pulumi.ComponentResource):
    """A team's namespace, declared from the spec package's rendering of a ``namespaces[]`` entry: the
    namespace (annotated with the VolumeSnapshotClass to use), a ResourceQuota with the storage and PVC count
    each StorageClass may give it (``<class>.storageclass.storage.k8s.io/requests.storage`` and
    ``.../persistentvolumeclaims``, in the API server's canonical quantities), a LimitRange and a RoleBinding
    of the team's groups and users to ``role``.

    The classes are not created here; pass the TridentStorageClass components (or the stack) in
    ``depends_on`` when they are created in the same program.
    """

    namespace: pulumi.Output[str]
    """Name of the namespace, known once it exists."""

    def __init__(self, name: str, args: NamespaceOnboardingArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_namespace(args, f"NamespaceOnboarding '{name}'")
        super().__init__(token("NamespaceOnboarding"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        namespace = declared.first("Namespace")
        assert namespace is not None, "an onboarding renders its namespace"
        self.namespace = known_after(namespace, planned.spec.namespaces[0].name)
        self.register_outputs({"namespace": self.namespace})
