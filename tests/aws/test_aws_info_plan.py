"""fsx_ontap_info and fsx_ontap_plan, the action group for module_defaults, and the modules' documentation."""

from __future__ import annotations

from pathlib import Path

import yaml
from aws_harness import FS_ID, REGION, Aws, Stubs, fs_description, svm_description

ROOT = Path(__file__).resolve().parents[2]


def test_info_lists_ontap_file_systems_with_their_lifecycle_svms_and_endpoints(aws: Aws):
    lustre = {"FileSystemId": "fs-0aaaaaaaaaaaaaaa0", "FileSystemType": "LUSTRE", "Lifecycle": "AVAILABLE"}
    failed = fs_description(
        lifecycle="FAILED", name="broken", fs_id="fs-0bbbbbbbbbbbbbbb0", failure="No capacity in eu-west-1a"
    )
    stubs = Stubs().add(
        "fsx_ontap_info", "fsx", "describe_file_systems", {"FileSystems": [lustre, fs_description(), failed]}, {}
    )
    for file_system_id, machines in ((FS_ID, [svm_description()]), ("fs-0bbbbbbbbbbbbbbb0", [])):
        stubs.add(
            "fsx_ontap_info",
            "fsx",
            "describe_storage_virtual_machines",
            {"StorageVirtualMachines": machines},
            {"Filters": [{"Name": "file-system-id", "Values": [file_system_id]}]},
        )
    run = aws.module("fsx_ontap_info", stubs=stubs)
    assert run.rc == 0, run.last
    assert run.mutating() == [] and run.pending == []
    ours, broken = run.last["file_systems"]
    assert (ours["id"], ours["name"], ours["lifecycle"], ours["deployment_type"]) == (
        FS_ID,
        "eks-trident",
        "AVAILABLE",
        "MULTI_AZ_1",
    )
    (svm,) = ours["svms"]
    assert svm["lifecycle"] == "CREATED" and svm["endpoints"]["nfs"]["ip_addresses"] == ["10.0.1.17"]
    assert (broken["lifecycle"], broken["failure_message"], broken["svms"]) == (
        "FAILED",
        "No capacity in eu-west-1a",
        [],
    )


def test_info_filters_by_name_tag(aws: Aws):
    stubs = Stubs().add("fsx_ontap_info", "fsx", "describe_file_systems", {"FileSystems": [fs_description()]}, {})
    run = aws.module("fsx_ontap_info", stubs=stubs, names=["other"], svms=False)
    assert run.last["file_systems"] == [] and run.pending == []


def test_plan_validates_the_whole_spec_and_returns_module_options(aws: Aws):
    run = aws.run([{"tridentops.storage.fsx_ontap_plan": {"src": str(ROOT / "examples" / "aws-fsx-provision.yaml")}}])
    assert run.rc == 0, run.last
    plan = run.last
    assert plan["region"] == REGION and plan["changed"] is False
    assert plan["file_system"]["subnet_ids"] == ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    assert "ha_pairs" not in plan["file_system"]  # only what the spec sets: the role omits the rest
    assert plan["svm"] == {
        "name": "svm_eks",
        "root_volume_security_style": "UNIX",
        "credentials_secret": "fsx/eks-trident/svm_eks/vsadmin",
    }
    assert plan["trident_identity"]["mode"] == "irsa" and plan["eks_addon"] is None
    assert plan["trident"] == {"namespace": "trident", "install_method": "operator"}
    assert (
        plan["resources"]["trident_identity"]["policy_document"]["Statement"][1]["Resource"]
        == "<credentials secret ARN>"
    )
    assert run.calls == []


def test_plan_reports_every_error_of_the_spec_at_once(aws: Aws, tmp_path: Path):
    data = yaml.safe_load((ROOT / "examples" / "aws-fsx-provision.yaml").read_text())
    data["aws"]["file_system"]["deployment_type"] = "SINGLE_AZ_1"
    data["aws"]["svm"]["name"] = "svm-eks"
    data["backends"][0]["driver"] = "ontap-nass"
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data))
    run = aws.run([{"tridentops.storage.fsx_ontap_plan": {"src": str(path)}}])
    assert run.failed and run.calls == []
    assert sorted(e.split(":")[0] for e in run.last["errors"]) == [
        "aws.file_system.preferred_subnet_id",
        "aws.file_system.route_table_ids",
        "aws.file_system.subnet_ids",
        "aws.svm.name",
        "backends[0].driver",
    ]


def test_module_defaults_for_the_aws_group_reach_these_modules_and_amazon_aws_ones(aws: Aws):
    defaults = {"endpoint_url": aws.endpoint, "access_key": "testing", "secret_key": "testing", "region": REGION}
    run = aws.run(
        [{"tridentops.storage.fsx_ontap_info": {}}, {"amazon.aws.aws_caller_info": {}}],
        module_defaults={"group/tridentops.storage.aws": defaults},
        credentials=False,
    )
    assert run.rc == 0, run.results
    assert run.results[0]["file_systems"] == []
    assert run.results[1]["account"] == "123456789012"
