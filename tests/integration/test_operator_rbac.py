"""Our operator ClusterRole can really install Trident: acting as the operator's ServiceAccount (impersonated), create
every ClusterRole and Role, and their bindings, that the installer of each supported release creates, on an
RBAC-enforcing kube-apiserver. Escalation prevention refuses a role granting what its creator does not hold, as
it would refuse the real operator (which ends Failed with that 403). The installer's roles are
data/trident_rbac/<release>.yaml, written down from Trident's source."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from controlplane import ControlPlane
from helpers import Answer, raw_request, unless_gone
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from tridentops_pulumi.spec import facts
from tridentops_pulumi.spec.api import load, render

pytestmark = pytest.mark.cluster

DATA = Path(__file__).parent / "data" / "trident_rbac"
RBAC = "/apis/rbac.authorization.k8s.io/v1"
K8sObject = dict[str, Any]
# Cluster-scoped names of our rendered role and binding in these tests: their own, so that a Trident install left
# by another test in the session is neither clobbered nor mistaken for ours. The rules are what we render. The
# negative test has a name of its own too: a role seen in one version only cannot be judged by a stale cache.
TEST_ROLE = "trident-operator-rbac-test"
TEST_ROLE_WITHOUT_PSP = "trident-operator-rbac-test-without-psp"


@dataclass(frozen=True)
class Impersonated:
    """Requests as admin with Impersonate-User and one Impersonate-Group header per group, as kubectl --as/--as-group
    sends them (the generated client keeps one value per header name, so it cannot send several groups)."""

    plane: ControlPlane
    user: str
    groups: tuple[str, ...]

    def create(self, path: str, body: K8sObject) -> Answer:
        impersonation = [("Impersonate-User", self.user), *(("Impersonate-Group", group) for group in self.groups)]
        return raw_request(self.plane, self.plane.api("admin").token, "POST", path, body, headers=impersonation)


def operator_identity(plane: ControlPlane, namespace: str) -> Impersonated:
    return Impersonated(
        plane,
        f"system:serviceaccount:{namespace}:{facts.OPERATOR_NAME}",
        ("system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"),
    )


def installer_roles(release: str) -> list[K8sObject]:
    items: list[dict[str, Any]] = yaml.safe_load((DATA / f"{release}.yaml").read_text())["items"]
    return items


def operator_objects(release: str, namespace: str, name: str = TEST_ROLE) -> dict[str, K8sObject]:
    """Namespace, operator ServiceAccount, ClusterRole and ClusterRoleBinding as we render them for the release."""
    spec = load({"name": "rbac", "trident": {"version": f"{release}.0", "namespace": namespace}})
    wanted = ("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding")
    objects = {o["kind"]: o for o in render(spec).objects if o["kind"] in wanted}
    objects["ClusterRole"]["metadata"]["name"] = name
    objects["ClusterRoleBinding"]["metadata"]["name"] = name
    objects["ClusterRoleBinding"]["roleRef"]["name"] = name
    return objects


def ignore_missing(call: Callable[..., object], *args: str) -> None:
    try:
        call(*args)
    except ApiException as error:
        if error.status != 404:
            raise


def wait_until_allowed(api: client.ApiClient, who: Impersonated, *attributes: str) -> None:
    """RBAC decisions come from the API server's caches: wait until a new role and binding are in them."""
    deadline = time.monotonic() + 15
    while not allowed(api, who, *attributes):
        assert time.monotonic() < deadline, f"{who.user} still may not {attributes} after 15 s"
        time.sleep(0.1)


def allowed(api: client.ApiClient, who: Impersonated, group: str, resource: str, verb: str, name: str = "") -> bool:
    review = {
        "spec": {
            "user": who.user,
            "groups": list(who.groups),
            "resourceAttributes": {"group": group, "resource": resource, "verb": verb, "name": name},
        }
    }
    return bool(client.AuthorizationV1Api(api).create_subject_access_review(review).status.allowed)


def grant(api: client.ApiClient, objects: dict[str, K8sObject]) -> None:
    """Apply, as admin, our rendered ServiceAccount, ClusterRole and ClusterRoleBinding. An earlier role and binding
    are replaced, not deleted first: the operator never lacks its role in between."""
    core, rbac = client.CoreV1Api(api), client.RbacAuthorizationV1Api(api)
    with contextlib.suppress(ApiException):
        core.create_namespace(objects["Namespace"])
    with contextlib.suppress(ApiException):
        core.create_namespaced_service_account(
            objects["ServiceAccount"]["metadata"]["namespace"], objects["ServiceAccount"]
        )
    for replace, create, obj in (
        (rbac.replace_cluster_role, rbac.create_cluster_role, objects["ClusterRole"]),
        (rbac.replace_cluster_role_binding, rbac.create_cluster_role_binding, objects["ClusterRoleBinding"]),
    ):
        if unless_gone(replace, obj["metadata"]["name"], obj) is None:  # none yet
            create(obj)


def revoke(api: client.ApiClient) -> None:
    rbac = client.RbacAuthorizationV1Api(api)
    for name in (TEST_ROLE, TEST_ROLE_WITHOUT_PSP):
        ignore_missing(rbac.delete_cluster_role_binding, name)
        ignore_missing(rbac.delete_cluster_role, name)


def binding_for(role: K8sObject, namespace: str) -> tuple[str, K8sObject]:
    """The installer binds each Trident role to the ServiceAccount of the same name (the node remediation role is
    aggregated, not bound): creating the binding is refused as well unless the creator holds the role's rules."""
    name, kind = role["metadata"]["name"], role["kind"]
    body = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": f"{kind}Binding",
        "metadata": {"name": name, "labels": role["metadata"].get("labels", {})},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name},
        "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": namespace}],
    }
    return path_for(body, namespace), body


def path_for(obj: K8sObject, namespace: str) -> str:
    if obj["kind"].startswith("Cluster"):
        return f"{RBAC}/{obj['kind'].lower()}s"
    return f"{RBAC}/namespaces/{namespace}/{obj['kind'].lower()}s"


def remove_installer_roles(api: client.ApiClient, release: str, namespace: str) -> None:
    rbac = client.RbacAuthorizationV1Api(api)
    for role in installer_roles(release):
        name = role["metadata"]["name"]
        if role["kind"] == "ClusterRole":
            ignore_missing(rbac.delete_cluster_role_binding, name)
            ignore_missing(rbac.delete_cluster_role, name)
        else:
            ignore_missing(rbac.delete_namespaced_role_binding, name, namespace)
            ignore_missing(rbac.delete_namespaced_role, name, namespace)


@pytest.fixture(scope="module")
def cleanup(kube_admin: client.ApiClient) -> Iterator[set[str]]:
    """Namespaces the tests used; deleted, with our test roles and bindings, when the module ends."""
    namespaces: set[str] = set()
    yield namespaces
    revoke(kube_admin)
    for namespace in namespaces:
        for release in facts.RELEASES:
            remove_installer_roles(kube_admin, release, namespace)
        ignore_missing(client.CoreV1Api(kube_admin).delete_namespace, namespace)


@pytest.mark.parametrize("release", list(facts.RELEASES))
def test_operator_can_create_every_role_the_installer_creates(
    release: str, control_plane: ControlPlane, kube_admin: client.ApiClient, cleanup: set[str]
) -> None:
    namespace = "rbac-operator"
    cleanup.add(namespace)
    operator = operator_identity(control_plane, namespace)
    grant(kube_admin, operator_objects(release, namespace))
    # Wait on a permission every version of our role has, so that a missing rule shows as the 403 naming it.
    wait_until_allowed(kube_admin, operator, "rbac.authorization.k8s.io", "clusterroles", "create")
    remove_installer_roles(kube_admin, release, namespace)
    refused: list[str] = []
    for role in installer_roles(release):
        steps = [(path_for(role, namespace), role)]
        if role["metadata"]["name"] != "trident-node-remediation-access":
            steps.append(binding_for(role, namespace))
        for path, body in steps:
            answer = operator.create(path, body)
            if answer.status != 201:
                refused.append(f"{body['kind']} {body['metadata']['name']}: {answer.status} {answer.message}")
                break  # its binding would only fail for want of the role
    remove_installer_roles(kube_admin, release, namespace)
    assert not refused, "the operator may not create:\n" + "\n".join(refused)


def test_operator_role_without_podsecuritypolicies_use_is_refused(
    control_plane: ControlPlane, kube_admin: client.ApiClient, cleanup: set[str]
) -> None:
    """Proves the test above can fail: drop the rule, and the API server refuses Trident's controller ClusterRole
    of every release with a 403 that names the permission (and the impersonated groups, so they were sent)."""
    namespace = "rbac-operator-no-psp"
    cleanup.add(namespace)
    operator = operator_identity(control_plane, namespace)
    objects = operator_objects("26.06", namespace, TEST_ROLE_WITHOUT_PSP)
    role = objects["ClusterRole"]
    role["rules"] = [r for r in role["rules"] if not (r["apiGroups"] == ["policy"] and "use" in r["verbs"])]
    grant(kube_admin, objects)
    wait_until_allowed(kube_admin, operator, "rbac.authorization.k8s.io", "clusterroles", "create")
    assert not allowed(kube_admin, operator, "policy", "podsecuritypolicies", "use", "trident-controller")
    for release in facts.RELEASES:
        controller = next(
            r
            for r in installer_roles(release)
            if (r["kind"], r["metadata"]["name"]) == ("ClusterRole", "trident-controller")
        )
        ignore_missing(client.RbacAuthorizationV1Api(kube_admin).delete_cluster_role, "trident-controller")
        answer = operator.create(path_for(controller, namespace), controller)
        assert answer.status == 403, f"{release}: {answer.status} {answer.message}"
        assert "is attempting to grant RBAC permissions not currently held" in answer.message
        missing = (
            '{APIGroups:["policy"], Resources:["podsecuritypolicies"], ResourceNames:["trident-controller"], '
            'Verbs:["use"]}'
        )
        assert missing in answer.message, answer.message
        groups = f'(groups=["system:serviceaccounts" "system:serviceaccounts:{namespace}" "system:authenticated"])'
        assert f'user "{operator.user}" {groups}' in answer.message, answer.message
