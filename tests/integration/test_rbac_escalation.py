"""Escalation paths against every shipped role, on the real API server.

Each role in rbac/ is bound, as its header says to bind it, to a fresh identity of its own: a ServiceAccount
whose token the tests use as a bearer token, so every request is that identity's own (impersonation would be
the admin's, and could not itself be tried). Each path is one request an attacker holding the role would send
to grant itself more: patch or bind a role, create a binding, read ServiceAccount tokens, create a Pod or exec
in Trident's namespace, change the cluster-scoped TridentOrchestrator or Trident's CRDs, impersonate. Writes
are sent with dryRun=All: the API server authorizes them, and runs its RBAC escalation check, exactly as for a
real write, but keeps nothing, so each path starts from the role alone.

A path counts as refused when the answer is 403. Every (role, path) result must be what docs/rbac.md's results
table says; a path a role may take must also be in that document's "documented as required" table with its
reason. The two-call escalation of issue 10 (patch trident-operator to */*, bind it to oneself) is tried for
real against every role, and every role ends unable to do `*` on `*`.

The roles as shipped before the split (tests/integration/data/rbac_before_split/) are run through the same
paths to show the suite fails them.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from controlplane import ControlPlane
from helpers import Answer, raw_request
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from tridentops_pulumi.spec import facts
from tridentops_pulumi.spec.render_trident import operator_rules, orchestrator_crd

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "rbac.md"
BEFORE = Path(__file__).parent / "data" / "rbac_before_split"
RBAC = "/apis/rbac.authorization.k8s.io/v1"
K8sObject = dict[str, Any]

TRIDENT_NS = "rbac-esc-trident"  # Trident's namespace in these tests: the operator's ServiceAccount lives here
APP_NS = "rbac-esc-app"  # an application namespace (where the per-namespace roles are bound)
USERS_NS = "rbac-esc-users"  # the fresh identities
OPERATOR = facts.OPERATOR_NAME
VICTIM = "rbac-esc-victim"  # an unrelated ClusterRole and Role an attacker would widen
EMPTY = "rbac-esc-empty"  # a ClusterRole with no rules: binding it needs nothing but the right to create bindings
STAR = [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
ESCALATE = [
    {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "clusterroles"], "verbs": ["escalate", "bind"]}
]


@dataclass(frozen=True)
class Role:
    """A shipped role and how its header says to bind it: a ClusterRoleBinding, or a RoleBinding in ``namespace``."""

    path: Path
    namespace: str | None = None  # bound with a RoleBinding there (a Role is also created there)

    @property
    def body(self) -> K8sObject:
        body: K8sObject = yaml.safe_load(self.path.read_text())
        if body["kind"] == "Role":
            body["metadata"]["namespace"] = self.namespace
        return body

    @property
    def name(self) -> str:
        return str(self.body["metadata"]["name"])


INSTALL = Role(ROOT / "rbac" / "tridentops-install.yaml")
CONFIG = Role(ROOT / "rbac" / "tridentops-config.yaml")
CONFIG_SECRETS = Role(ROOT / "rbac" / "tridentops-config-secrets.yaml", TRIDENT_NS)
DAY2 = Role(ROOT / "rbac" / "tridentops-day2.yaml")
PROTECT = Role(ROOT / "rbac" / "tridentops-protect.yaml")
PROTECT_SECRETS = Role(ROOT / "rbac" / "tridentops-protect-secrets.yaml", APP_NS)
TEAM_BINDING = Role(ROOT / "rbac" / "tridentops-team-binding.yaml")
STACK_CLAIM = Role(ROOT / "rbac" / "tridentops-stack-claim.yaml", "default")
# Each column of docs/rbac.md: the roles one fresh identity holds. Every shipped role alone, and the pair the
# namespace module needs to bind edit or admin for a team (team-binding alone creates no binding).
SHIPPED: dict[str, tuple[Role, ...]] = {
    "install": (INSTALL,),
    "config": (CONFIG,),
    "config-secrets": (CONFIG_SECRETS,),
    "day2": (DAY2,),
    "protect": (PROTECT,),
    "protect-secrets": (PROTECT_SECRETS,),
    "team-binding": (TEAM_BINDING,),
    "protect+team-binding": (PROTECT, TEAM_BINDING),
    "stack-claim": (STACK_CLAIM,),
}
BEFORE_SPLIT: dict[str, tuple[Role, ...]] = {
    "automation-before": (Role(BEFORE / "tridentops-automation.yaml"),),
    "protect-before": (Role(BEFORE / "tridentops-protect.yaml"),),
}
SUBJECTS = {**SHIPPED, **BEFORE_SPLIT}


def identity_name(column: str) -> str:
    return "esc-" + column.replace("+", "-and-")


@dataclass(frozen=True)
class Identity:
    """A fresh ServiceAccount, calling the API server with its own token."""

    plane: ControlPlane
    name: str
    token: str

    @property
    def subject(self) -> K8sObject:
        return {"kind": "ServiceAccount", "name": self.name, "namespace": USERS_NS}

    @property
    def user(self) -> str:
        return f"system:serviceaccount:{USERS_NS}:{self.name}"

    def send(
        self,
        method: str,
        path: str,
        body: K8sObject | None = None,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Answer:
        extra = (headers or {}).items()
        return raw_request(self.plane, self.token, method, path, body, content_type=content_type, headers=extra)

    def can_do_everything(self, namespace: str = "") -> bool:
        """``kubectl auth can-i '*' '*'``: a SelfSubjectAccessReview."""
        review = {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": {"group": "*", "resource": "*", "verb": "*", "namespace": namespace}},
        }
        answer = self.send("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review)
        assert answer.status == 201, str(answer)
        return bool(answer.body["status"].get("allowed"))


@dataclass(frozen=True)
class Targets:
    """Names of the objects the paths aim at, found when the module starts."""

    operator_token: str  # the token Secret of trident-operator's ServiceAccount in TRIDENT_NS
    kube_system_token: str  # a ServiceAccount token Secret in kube-system


DRY = "?dryRun=All"
MERGE = "application/merge-patch+json"


def _binding(kind: str, name: str, role_kind: str, role: str, who: Identity, namespace: str = "") -> K8sObject:
    meta: K8sObject = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": kind,
        "metadata": meta,
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
        "subjects": [who.subject],
    }


def _bind_cluster(role: str) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        body = _binding("ClusterRoleBinding", f"rbac-esc-{role}", "ClusterRole", role, who)
        return who.send("POST", f"{RBAC}/clusterrolebindings{DRY}", body)

    return attempt


def _bind_in_kube_system(role: str) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        body = _binding("RoleBinding", f"rbac-esc-{role}", "ClusterRole", role, who, "kube-system")
        return who.send("POST", f"{RBAC}/namespaces/kube-system/rolebindings{DRY}", body)

    return attempt


def _create_clusterrolebinding(who: Identity, targets: Targets) -> Answer:
    body = _binding("ClusterRoleBinding", "rbac-esc-any", "ClusterRole", EMPTY, who)
    return who.send("POST", f"{RBAC}/clusterrolebindings{DRY}", body)


def _patch_cluster_role(name: str) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        return who.send("PATCH", f"{RBAC}/clusterroles/{name}{DRY}", {"rules": STAR}, content_type=MERGE)

    return attempt


def _create_cluster_role(name: str, rules: list[K8sObject]) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        body = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name}}
        return who.send("POST", f"{RBAC}/clusterroles{DRY}", {**body, "rules": rules})

    return attempt


def _create_role_with_escalate(who: Identity, targets: Targets) -> Answer:
    body = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "rbac-esc-escalate"}}
    return who.send("POST", f"{RBAC}/namespaces/{TRIDENT_NS}/roles{DRY}", {**body, "rules": ESCALATE})


def _patch_role_with_escalate(who: Identity, targets: Targets) -> Answer:
    path = f"{RBAC}/namespaces/{TRIDENT_NS}/roles/{VICTIM}{DRY}"
    return who.send("PATCH", path, {"rules": ESCALATE}, content_type=MERGE)


def _get(path: str) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        return who.send("GET", path.format(t=targets))

    return attempt


def _create_pod(who: Identity, targets: Targets) -> Answer:
    # A Pod running as the operator's ServiceAccount would carry its token.
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "rbac-esc-pod"},
        "spec": {"serviceAccountName": OPERATOR, "containers": [{"name": "sh", "image": "busybox"}]},
    }
    return who.send("POST", f"/api/v1/namespaces/{TRIDENT_NS}/pods{DRY}", pod)


def _exec(who: Identity, targets: Targets) -> Answer:
    # Authorization comes before the pod is looked up: a 404 or 400 (no upgrade) means exec was allowed.
    return who.send("POST", f"/api/v1/namespaces/{TRIDENT_NS}/pods/{OPERATOR}-0/exec?command=id&stdout=true")


TORC_PATH = f"/apis/{facts.TRIDENT_GROUP}/v1/tridentorchestrators/{facts.ORCHESTRATOR_NAME}"
CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"


# The TridentOrchestrator itself need not exist (the bench does not create one, so no Trident or stand-in acts on
# it): the API server authorizes a request before it looks the object up, so a 404 means the write was allowed.
def _patch_torc(who: Identity, targets: Targets) -> Answer:
    # The takeover of issue 10: re-point the installation to another namespace.
    return who.send("PATCH", TORC_PATH + DRY, {"spec": {"namespace": "kube-system"}}, content_type=MERGE)


def _delete(path: str) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        return who.send("DELETE", path + DRY)

    return attempt


def _patch_crd(who: Identity, targets: Targets) -> Answer:
    path = f"{CRDS}/tridentorchestrators.{facts.TRIDENT_GROUP}{DRY}"
    return who.send("PATCH", path, {"metadata": {"labels": {"rbac-esc": "x"}}}, content_type=MERGE)


def _impersonate(user: str, group: str | None = None) -> Callable[[Identity, Targets], Answer]:
    def attempt(who: Identity, targets: Targets) -> Answer:
        headers = {"Impersonate-User": user, **({"Impersonate-Group": group} if group else {})}
        return who.send("GET", "/api/v1/namespaces/kube-system/secrets", headers=headers)

    return attempt


# Every path, in the order of docs/rbac.md's results table.
PATHS: dict[str, Callable[[Identity, Targets], Answer]] = {
    "patch-trident-operator-clusterrole": _patch_cluster_role(OPERATOR),
    "patch-other-clusterrole": _patch_cluster_role(VICTIM),
    "create-clusterrole-star": _create_cluster_role("rbac-esc-star", STAR),
    "create-clusterrole-escalate": _create_cluster_role("rbac-esc-escalate", ESCALATE),
    "create-role-escalate": _create_role_with_escalate,
    "patch-role-escalate": _patch_role_with_escalate,
    "bind-trident-operator-clusterrolebinding": _bind_cluster(OPERATOR),
    "bind-cluster-admin-clusterrolebinding": _bind_cluster("cluster-admin"),
    "bind-admin-clusterrolebinding": _bind_cluster("admin"),
    "bind-trident-operator-rolebinding": _bind_in_kube_system(OPERATOR),
    "bind-cluster-admin-rolebinding": _bind_in_kube_system("cluster-admin"),
    "bind-admin-rolebinding": _bind_in_kube_system("admin"),
    "bind-edit-rolebinding": _bind_in_kube_system("edit"),
    "create-clusterrolebinding": _create_clusterrolebinding,
    "read-token-trident-namespace": _get(f"/api/v1/namespaces/{TRIDENT_NS}/secrets/{{t.operator_token}}"),
    "list-secrets-trident-namespace": _get(f"/api/v1/namespaces/{TRIDENT_NS}/secrets"),
    "read-token-kube-system": _get("/api/v1/namespaces/kube-system/secrets/{t.kube_system_token}"),
    "list-secrets-kube-system": _get("/api/v1/namespaces/kube-system/secrets"),
    "create-pod-trident-namespace": _create_pod,
    "exec-pod-trident-namespace": _exec,
    "patch-tridentorchestrator": _patch_torc,
    "delete-tridentorchestrator": _delete(TORC_PATH),
    "patch-trident-crd": _patch_crd,
    "delete-trident-crd": _delete(f"{CRDS}/tridentorchestrators.{facts.TRIDENT_GROUP}"),
    "impersonate-user": _impersonate("admin"),
    "impersonate-group": _impersonate("rbac-esc-nobody", "system:masters"),
    "impersonate-serviceaccount": _impersonate("system:serviceaccount:kube-system:default"),
}


# ----- docs/rbac.md: the results table and the documented-as-required table ----------------------------------


@dataclass
class Documented:
    results: dict[tuple[str, str], str] = field(default_factory=dict)  # (column, path) -> refused | allowed
    required: dict[tuple[str, str], str] = field(default_factory=dict)  # (column, path) -> why


def _table(text: str, marker: str) -> list[list[str]]:
    """The rows (cells stripped of backticks) of the markdown table after ``<!-- marker -->``."""
    start = text.index(f"<!-- {marker} -->")
    rows = []
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if not all(re.fullmatch(r":?-+:?", c) for c in cells):
            rows.append(cells)
    return rows


def documented() -> Documented:
    text = DOCS.read_text()
    out = Documented()
    header, *rows = _table(text, "escalation-results")
    for row in rows:
        for column, cell in zip(header[1:], row[1:], strict=True):
            out.results[(column, row[0])] = cell.strip("*").split()[0].lower()
    for column, path, why in _table(text, "documented-as-required")[1:]:
        out.required[(column, path)] = why
    return out


# ----- fixtures ----------------------------------------------------------------------------------------------


def _ignore(status: int, call: Callable[..., object], *args: Any) -> None:
    try:
        call(*args)
    except ApiException as error:
        if error.status != status:
            raise


def _token_secret(core: client.CoreV1Api, namespace: str, account: str) -> K8sObject:
    """The token Secret Kubernetes 1.20's token controller creates for every ServiceAccount."""
    deadline = time.monotonic() + 30
    while True:
        for secret in core.list_namespaced_secret(
            namespace, field_selector="type=kubernetes.io/service-account-token"
        ).items:
            if (secret.metadata.annotations or {}).get("kubernetes.io/service-account.name") == account:
                return {"name": secret.metadata.name, "token": base64.b64decode(secret.data["token"]).decode()}
        assert time.monotonic() < deadline, f"no token Secret for {namespace}/{account} after 30 s"
        time.sleep(0.2)


def _allowed(api: client.ApiClient, who: Identity, attributes: K8sObject) -> bool:
    review = {
        "spec": {
            "user": who.user,
            "groups": ["system:serviceaccounts", f"system:serviceaccounts:{USERS_NS}", "system:authenticated"],
            "resourceAttributes": attributes,
        }
    }
    return bool(client.AuthorizationV1Api(api).create_subject_access_review(review).status.allowed)


def _probe(role: Role) -> K8sObject:
    """A permission the role grants, to wait on until the API server's RBAC cache has the new binding."""
    rule = role.body["rules"][0]
    attributes: K8sObject = {
        "group": rule["apiGroups"][0],
        "resource": rule["resources"][0],
        "verb": rule["verbs"][0],
        "name": (rule.get("resourceNames") or [""])[0],
    }
    if role.namespace:
        attributes["namespace"] = role.namespace
    return attributes


@dataclass
class Bench:
    plane: ControlPlane
    api: client.ApiClient
    targets: Targets
    identities: dict[str, Identity]
    operator_role: K8sObject  # trident-operator as it was before the tests (restored after the two-call tries)


def _bind(api: client.ApiClient, column: str, role: Role, who: Identity) -> None:
    rbac = client.RbacAuthorizationV1Api(api)
    body = role.body
    if body["kind"] == "Role":
        _ignore(409, rbac.create_namespaced_role, role.namespace, body)
    else:
        _ignore(409, rbac.create_cluster_role, body)
    name = f"{identity_name(column)}-{role.name}"
    if role.namespace:
        binding = _binding("RoleBinding", name, body["kind"], role.name, who, role.namespace)
        _ignore(409, rbac.create_namespaced_role_binding, role.namespace, binding)
    else:
        binding = _binding("ClusterRoleBinding", name, "ClusterRole", role.name, who)
        _ignore(409, rbac.create_cluster_role_binding, binding)


def _unbind(api: client.ApiClient, column: str, role: Role) -> None:
    rbac = client.RbacAuthorizationV1Api(api)
    name = f"{identity_name(column)}-{role.name}"
    if role.namespace:
        _ignore(404, rbac.delete_namespaced_role_binding, name, role.namespace)
    else:
        _ignore(404, rbac.delete_cluster_role_binding, name)
    if role.body["kind"] == "Role":
        _ignore(404, rbac.delete_namespaced_role, role.name, role.namespace)
    else:
        _ignore(404, rbac.delete_cluster_role, role.name)


def _replace_roles(api: client.ApiClient) -> None:
    """Start from the files as they are now (a role left by an earlier run may differ)."""
    rbac = client.RbacAuthorizationV1Api(api)
    for roles in SUBJECTS.values():
        for role in roles:
            if role.body["kind"] == "Role":
                _ignore(404, rbac.delete_namespaced_role, role.name, role.namespace)
            else:
                _ignore(404, rbac.delete_cluster_role, role.name)


def _aggregate_default_roles(api: client.ApiClient) -> None:
    """Give admin, edit and view their rules, as kube-controller-manager's clusterrole-aggregation controller does
    on a real cluster (the embedded control plane does not run it, and an empty role is bound by anyone)."""
    rbac = client.RbacAuthorizationV1Api(api)
    for name in ("view", "edit", "admin"):  # each aggregates the one before
        role = rbac.read_cluster_role(name)
        selectors = [s.match_labels or {} for s in (role.aggregation_rule.cluster_role_selectors or [])]
        rules = []
        for other in rbac.list_cluster_role().items:
            labels = other.metadata.labels or {}
            if other.metadata.name != name and any(all(labels.get(k) == v for k, v in s.items()) for s in selectors):
                rules += [api.sanitize_for_serialization(rule) for rule in other.rules or []]
        assert rules, f"no role aggregates into {name}"
        rbac.patch_cluster_role(name, {"rules": rules})


@pytest.fixture(scope="module")
def bench(control_plane: ControlPlane, kube_admin: client.ApiClient) -> Iterator[Bench]:
    core = client.CoreV1Api(kube_admin)
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    extensions = client.ApiextensionsV1Api(kube_admin)
    _aggregate_default_roles(kube_admin)
    for namespace in (TRIDENT_NS, APP_NS, USERS_NS):
        _ignore(409, core.create_namespace, {"metadata": {"name": namespace}})
    _ignore(409, core.create_namespaced_service_account, TRIDENT_NS, {"metadata": {"name": OPERATOR}})
    # trident-operator as tridentops renders it (kept as found if an installation already has it).
    created_operator_role = False
    try:
        operator_role = kube_admin.sanitize_for_serialization(rbac.read_cluster_role(OPERATOR))
    except ApiException as error:
        if error.status != 404:
            raise
        rbac.create_cluster_role({"metadata": {"name": OPERATOR}, "rules": operator_rules()})
        operator_role = kube_admin.sanitize_for_serialization(rbac.read_cluster_role(OPERATOR))
        created_operator_role = True
    _ignore(
        409,
        rbac.create_cluster_role,
        {"metadata": {"name": VICTIM}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]},
    )
    _ignore(409, rbac.create_cluster_role, {"metadata": {"name": EMPTY}, "rules": []})
    _ignore(
        409,
        rbac.create_namespaced_role,
        TRIDENT_NS,
        {"metadata": {"name": VICTIM}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]},
    )
    crd = orchestrator_crd({})
    created_crd = False
    try:
        extensions.create_custom_resource_definition(crd)
        created_crd = True
    except ApiException as error:
        if error.status != 409:
            raise
    targets = Targets(
        operator_token=_token_secret(core, TRIDENT_NS, OPERATOR)["name"],
        kube_system_token=_token_secret(core, "kube-system", "default")["name"],
    )
    identities: dict[str, Identity] = {}
    _replace_roles(kube_admin)
    for column, roles in SUBJECTS.items():
        name = identity_name(column)
        _ignore(409, core.create_namespaced_service_account, USERS_NS, {"metadata": {"name": name}})
        who = Identity(control_plane, name, _token_secret(core, USERS_NS, name)["token"])
        for role in roles:
            _bind(kube_admin, column, role, who)
        identities[column] = who
    for column, roles in SUBJECTS.items():
        for role in roles:
            deadline = time.monotonic() + 15
            while not _allowed(kube_admin, identities[column], _probe(role)):
                assert time.monotonic() < deadline, f"{role.name} not in effect for {column} after 15 s"
                time.sleep(0.1)
    yield Bench(control_plane, kube_admin, targets, identities, operator_role)
    for column, roles in SUBJECTS.items():
        for role in roles:
            _unbind(kube_admin, column, role)
    for name in (VICTIM, EMPTY):
        _ignore(404, rbac.delete_cluster_role, name)
    if created_operator_role:
        _ignore(404, rbac.delete_cluster_role, OPERATOR)
    if created_crd:
        _ignore(404, extensions.delete_custom_resource_definition, crd["metadata"]["name"])
    for namespace in (TRIDENT_NS, APP_NS, USERS_NS):
        _ignore(404, core.delete_namespace, namespace)


def _try_every_path(bench: Bench, column: str) -> dict[str, Answer]:
    who = bench.identities[column]
    return {name: attempt(who, bench.targets) for name, attempt in PATHS.items()}


def _results(answers: dict[str, Answer]) -> dict[str, str]:
    return {name: "refused" if answer.refused else "allowed" for name, answer in answers.items()}


# ----- the tests ---------------------------------------------------------------------------------------------


def test_docs_list_every_path_for_every_shipped_role() -> None:
    """The results table has one row per path and one column per shipped role, and every allowed cell has a
    reason in the documented-as-required table (and nothing else does)."""
    docs = documented()
    assert {key[1] for key in docs.results} == set(PATHS)
    assert {key[0] for key in docs.results} == set(SHIPPED)
    allowed = {key for key, result in docs.results.items() if result == "allowed"}
    assert set(docs.required) == allowed
    assert all(len(why) > 20 for why in docs.required.values()), docs.required
    assert set(docs.results.values()) <= {"refused", "allowed"}


@pytest.mark.parametrize("column", list(SHIPPED))
def test_each_path_is_refused_unless_documented_as_required(bench: Bench, column: str) -> None:
    answers = _try_every_path(bench, column)
    docs = documented()
    expected = {path: docs.results[(column, path)] for path in PATHS}
    observed = _results(answers)
    wrong = [
        f"{path}: documented {expected[path]}, got {answers[path]}"
        for path in PATHS
        if observed[path] != expected[path]
    ]
    assert not wrong, f"{column}:\n" + "\n".join(wrong)
    # The end of every try: the role still cannot do everything, cluster-wide or in Trident's namespace.
    who = bench.identities[column]
    assert not who.can_do_everything()
    assert not who.can_do_everything(TRIDENT_NS)
    assert not who.can_do_everything("kube-system")


def _two_call_escalation(bench: Bench, column: str) -> tuple[Answer, Answer, bool]:
    """Issue 10's escalation, for real: patch trident-operator to */*, bind it to oneself, then can-i * *."""
    who = bench.identities[column]
    rbac = client.RbacAuthorizationV1Api(bench.api)
    binding = f"rbac-esc-two-call-{column}"
    try:
        patched = who.send("PATCH", f"{RBAC}/clusterroles/{OPERATOR}", {"rules": STAR}, content_type=MERGE)
        body = _binding("ClusterRoleBinding", binding, "ClusterRole", OPERATOR, who)
        bound = who.send("POST", f"{RBAC}/clusterrolebindings", body)
        everything = False
        if not patched.refused and not bound.refused:
            deadline = time.monotonic() + 15  # the RBAC cache takes the new rules and binding in a moment
            while not (everything := who.can_do_everything()) and time.monotonic() < deadline:
                time.sleep(0.1)
        else:
            everything = who.can_do_everything()
        return patched, bound, everything
    finally:
        _ignore(404, rbac.delete_cluster_role_binding, binding)
        rbac.patch_cluster_role(OPERATOR, {"rules": bench.operator_role["rules"]})


@pytest.mark.parametrize("column", list(SHIPPED))
def test_the_two_call_escalation_is_refused(bench: Bench, column: str) -> None:
    patched, bound, everything = _two_call_escalation(bench, column)
    assert patched.refused, f"{column} patched {OPERATOR} to */*: {patched}"
    # Binding trident-operator as it is grants nothing the install role lacks (it holds those rules): it may.
    assert not everything, f"{column} can do everything (bind: {bound})"


def test_the_automation_role_before_the_split_fails_the_suite(bench: Bench) -> None:
    """The suite can fail: the automation role as shipped before the split takes the two-call escalation to
    cluster-admin, and many of the paths."""
    patched, bound, everything = _two_call_escalation(bench, "automation-before")
    assert (patched.status, bound.status, everything) == (200, 201, True), (str(patched), str(bound))
    taken = sorted(
        path for path, result in _results(_try_every_path(bench, "automation-before")).items() if result == "allowed"
    )
    assert taken == [
        "bind-trident-operator-clusterrolebinding",
        "create-clusterrolebinding",
        "delete-trident-crd",
        "delete-tridentorchestrator",
        "list-secrets-kube-system",
        "list-secrets-trident-namespace",
        "patch-trident-crd",
        "patch-trident-operator-clusterrole",
        "patch-tridentorchestrator",
        "read-token-kube-system",
        "read-token-trident-namespace",
    ]


def test_the_protect_role_before_the_split_fails_the_suite(bench: Bench) -> None:
    """Its `bind` on edit and view, with RoleBindings in every namespace, gives edit in kube-system."""
    taken = sorted(
        path for path, result in _results(_try_every_path(bench, "protect-before")).items() if result == "allowed"
    )
    assert taken == ["bind-edit-rolebinding"]
