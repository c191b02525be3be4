"""One readiness table (spec/readiness.py): every judge the Ansible waits use reads its states from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.wait import backend_judge, crd_judge
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.waits import action_judge
from ansible_collections.tridentops.storage.plugins.module_utils._ops.volumes import judges
from ansible_collections.tridentops.storage.plugins.module_utils.spec import readiness

UTILS = Path(__file__).resolve().parents[2] / "plugins" / "module_utils"
JUDGE_MODULES = ("_k8s/wait.py", "_ops/protect/waits.py", "_ops/volumes/judges.py", "_ops/uninstall.py")
# What a judge may read of an object itself: who it is, for its messages. Everything about status comes
# from the table.
IDENTITY = frozenset({"metadata", "name", "namespace", "kind", "finalizers", "resourceVersion"})
VERDICTS = frozenset({"done", "fail", "retry", "wait"})
# Judges of existence, the choice of a judge, the freshness of a verdict and the Judge protocol: no status read.
NO_STATUS = {"gone", "present_judge", "_gone", "judge_for", "_verdict", "__call__"}


def judges_in(path: Path) -> list[ast.FunctionDef]:
    """Functions that return a Verdict or a Judge."""
    tree = ast.parse(path.read_text())
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and isinstance(node.returns, ast.Name)
        and node.returns.id in ("Verdict", "Judge")
    ]


def strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for item in node.elts for s in strings(item)]
    return []


def status_literals(function: ast.FunctionDef) -> list[str]:
    """String literals a judge compares a value with, or reads as a key other than the object's identity."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            found += [s for operand in operands for s in strings(operand) if s not in VERDICTS]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            found += [s for s in strings(node.args[0]) if s not in IDENTITY] if node.args else []
        elif isinstance(node, ast.Subscript):
            found += [s for s in strings(node.slice) if s not in IDENTITY]
    return found


def reads_the_table(function: ast.FunctionDef) -> bool:
    names = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    return "readiness" in names or "entry" in names


@pytest.mark.parametrize("module", JUDGE_MODULES)
def test_every_judge_reads_its_states_from_the_table(module):
    found = judges_in(UTILS / module)
    assert found, f"no judge found in {module}"
    literals = {f.name: status_literals(f) for f in found}
    assert {name: lits for name, lits in literals.items() if lits} == {}, "status literals outside the table"
    untabled = {f.name for f in found if not reads_the_table(f)}
    assert untabled <= NO_STATUS, f"judges that do not read spec/readiness.py: {untabled - NO_STATUS}"


def test_the_judges_found_are_all_of_them():
    names = {f.name for module in JUDGE_MODULES for f in judges_in(UTILS / module)}
    assert names >= {
        "orchestrator_judge",
        "backend_judge",
        "crd_judge",
        "vault_judge",
        "action_judge",
        "snapshot_ready",
        "claim_bound",
        "claim_grown",
        "action_done",
        "mirror_reached",
        "_uninstalled",
    }


def test_a_failed_last_operation_wins_over_bound_and_a_ready_snapshot_over_an_old_error():
    bound_failed = {"status": {"phase": "Bound", "lastOperationStatus": "Failed"}}
    assert readiness.BACKEND_BOUND.state(bound_failed) == "fail"
    ready_with_error = {"status": {"readyToUse": True, "error": {"message": "earlier attempt"}}}
    assert readiness.SNAPSHOT_READY.state(ready_with_error) == "done"
    assert readiness.SNAPSHOT_READY.state({"status": {"readyToUse": "true"}}) == "wait", "a boolean, not text"


def test_the_orchestrator_retries_failed_and_stops_at_error():
    installed = readiness.ORCHESTRATOR_INSTALLED
    assert [installed.state({"status": {"status": s}}) for s in ("Installed", "Failed", "Error", "Installing")] == [
        "done",
        "retry",
        "fail",
        "wait",
    ]
    assert installed.state(None) == "wait"


def test_wait_expressions_in_kubectl_syntax():
    assert readiness.wait_expressions(readiness.BACKEND_BOUND) == (
        "jsonpath={.status.phase}=Bound",
        "jsonpath={.status.lastOperationStatus}=Success",
    )
    assert readiness.wait_expressions(readiness.SNAPSHOT_READY) == ("jsonpath={.status.readyToUse}=true",)
    assert readiness.wait_expressions(readiness.CRD_ESTABLISHED) == ("condition=Established",)
    mirror = readiness.MIRROR_REACHED
    with pytest.raises(ValueError, match="several done values"):
        readiness.wait_expressions(mirror)
    assert readiness.wait_expressions(mirror.reaching("promoted")) == (
        "jsonpath={.status.conditions[0].state}=promoted",
    )
    with pytest.raises(ValueError, match="'failed' is not a state"):
        mirror.reaching("failed")


def test_ready_names_one_entry_per_kind_it_waits_for_after_an_apply():
    assert readiness.READY[("trident.netapp.io", "TridentBackendConfig")] is readiness.BACKEND_BOUND
    assert readiness.READY[("protect.trident.netapp.io", "BackupInplaceRestore")] is readiness.PROTECT_COMPLETED
    assert ("trident.netapp.io", "TridentMirrorRelationship") not in readiness.READY  # done at the state asked for


def test_the_judges_keep_their_messages():
    """The verdicts and messages the Ansible modules return, unchanged by reading the table."""
    tbc = {"metadata": {"name": "nas"}, "status": {"phase": "", "lastOperationStatus": "", "message": ""}}
    assert backend_judge(tbc) == ("wait", "phase Unbound, no operation yet")
    assert crd_judge({"status": {"conditions": [{"type": "Established", "status": "True"}]}}) == ("done", "established")
    backup = {"kind": "Backup", "metadata": {"name": "b", "namespace": "shop"}, "status": {"state": "Removed"}}
    assert action_judge(backup) == ("fail", "Backup shop/b Removed: no error given")
    pvc = {"metadata": {"name": "db", "namespace": "shop"}, "spec": {"volumeName": "pvc-1"}, "status": {}}
    assert judges.claim_bound(pvc) == ("wait", "phase Pending")
    assert judges.claim_bound({**pvc, "status": {"phase": "Bound"}}) == ("done", "Bound to pvc-1")
    assert judges.claim_bound({**pvc, "status": {"phase": "Lost"}}) == ("fail", "PersistentVolumeClaim shop/db is Lost")
    pending = {"type": "FileSystemResizePending", "status": "True"}
    grown = judges.claim_grown(2**31)
    assert grown({**pvc, "status": {"capacity": {"storage": "1Gi"}, "conditions": [pending]}})[0] == "done"
    assert grown({**pvc, "status": {"capacity": {"storage": "2Gi"}}}) == ("done", "capacity 2Gi")
    assert grown({**pvc, "status": {"capacity": {"storage": "1Gi"}}}) == ("wait", "capacity 1Gi")
    tmr = {"kind": "TridentMirrorRelationship", "metadata": {"name": "m", "namespace": "shop"}}
    conditions = {"status": {"conditions": [{"state": "promoting", "message": ""}]}}
    assert judges.mirror_reached("promoted")({**tmr, **conditions}) == ("wait", "state promoting (want promoted)")
