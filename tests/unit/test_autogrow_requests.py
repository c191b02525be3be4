"""The stack runner and TridentAutogrowPolicies against a scripted API (no cluster): a cluster whose Trident
predates 26.02 (the kind is not served) is refused before any write, naming the release it needs; a stack run that
installs Trident 26.02 or later counts the kind as registered by the run; prune lists the stack's policies by
label, and a cluster that does not serve the kind lists none."""

from __future__ import annotations

from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, listing, not_found

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.safety import Refusal
from ansible_collections.tridentops.storage.plugins.module_utils._ops.stack import Options, StackRunner
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render
from ansible_collections.tridentops.storage.plugins.module_utils.spec.kinds import TAP

TAPS = "/apis/trident.netapp.io/v1/tridentautogrowpolicies"
SPEC: dict[str, Any] = {
    "name": "grow",
    "trident": {"install_method": "external"},
    "autogrow_policies": [{"name": "standard", "used_threshold": "80%"}],
}


def runner(script: list[Any], document: dict[str, Any], **options: Any) -> tuple[StackRunner, ScriptedPool]:
    pool = ScriptedPool(script)
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    spec = load(document)
    return StackRunner(session, spec, render(spec), Options(**options)), pool


def test_a_cluster_without_the_kind_is_refused_before_any_write_naming_the_release():
    run, pool = runner([("GET", TAPS, not_found("404 page not found"))], SPEC, stages=("classes",))
    with pytest.raises(Refusal) as refused:
        run.run()
    pool.assert_done()
    assert str(refused.value) == (
        "this cluster does not serve trident.netapp.io/v1 TridentAutogrowPolicy: it needs Trident 26.02 or later, "
        "whose CRD registers it (upgrade Trident first, or drop autogrow_policies from the spec); nothing was changed"
    )


@pytest.mark.parametrize(("version", "registered"), [("26.02.0", True), ("25.10.0", False)])
def test_a_run_that_installs_trident_counts_the_kind_registered_from_26_02(version: str, registered: bool):
    document = {"name": "grow", "trident": {"version": version}}
    run, pool = runner([("GET", TAPS, not_found("404 page not found"))], document, stages=("trident",))
    run.index.objects(TAP)  # as if the run had listed the kind and found it not served
    pool.assert_done()
    if registered:
        run._refuse_unserved_kinds()
    else:
        with pytest.raises(Refusal, match=r"does not serve trident\.netapp\.io/v1 TridentAutogrowPolicy"):
            run._refuse_unserved_kinds()


def test_prune_lists_the_stacks_policies_by_label_and_a_cluster_without_the_kind_lists_none():
    selector = "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dtridentops%2Ctridentops.io%2Fstack%3Dgrow"
    stale = {
        "metadata": {
            "name": "old",
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "grow"},
            "managedFields": [{"manager": "tridentops", "operation": "Apply", "fieldsV1": {}}],
        }
    }
    for answer, expected in ((listing("TridentAutogrowPolicy", [stale]), ["old"]), (not_found("404"), [])):
        run, pool = runner(
            [
                ("GET", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", listing("VolumeSnapshotClass", [])),
                ("GET", "/apis/storage.k8s.io/v1/storageclasses", listing("StorageClass", [])),
                ("GET", "/apis/trident.netapp.io/v1/namespaces/trident/tridentbackendconfigs", listing("X", [])),
                ("GET", "/api/v1/namespaces/trident/secrets", listing("Secret", [])),
                ("GET", TAPS + selector, answer),
            ],
            {**SPEC, "autogrow_policies": []},
        )
        assert [c.key[3] for c in run._plan_prune()] == expected
        pool.assert_done()
        assert TAP not in run.index.not_served  # a kind the spec does not use is never refused for
