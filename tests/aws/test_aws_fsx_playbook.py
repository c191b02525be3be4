"""playbooks/aws_fsx.yml end to end: the AWS side on moto and Stubber, the Kubernetes side on the embedded
control plane with the Trident stand-in. From the provisioning example spec to bound FSx backends, then a
second run that sends no mutating AWS call and no Kubernetes write, and check mode on a fresh account.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_harness import ANY, FS_ID, REGION, Aws, Stubs, digest, fs_description, svm_description
from helpers import GROUP, reset_trident, uninstall_trident
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import ROOT
from standin.crds import wait_established
from test_spec_aws import example_file_system_request

from tridentops_pulumi.spec.render_trident import orchestrator_crd

pytestmark = pytest.mark.cluster
PLAYBOOK = str(ROOT / "playbooks" / "aws_fsx.yml")
SNAPSHOTS = "snapshot.storage.k8s.io"
FSXADMIN = "fsxadmin-Secret-1"  # the fsxadmin password kept in Secrets Manager
OIDC_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"


@pytest.fixture(scope="module", autouse=True)
def clean_trident(standin, kube_admin, control_plane):
    reset_trident(kube_admin)
    yield
    uninstall_trident(control_plane, kube_admin)
    # reset_trident removes the StorageClasses; the VolumeSnapshotClass the example declares goes too, so
    # later suites (the examples' dry run) find the cluster as they expect.
    snapshots = client.CustomObjectsApi(kube_admin)
    selector = "tridentops.io/stack=aws-fsx"
    found = snapshots.list_cluster_custom_object(SNAPSHOTS, "v1", "volumesnapshotclasses", label_selector=selector)
    for vsc in found["items"]:
        snapshots.delete_cluster_custom_object(SNAPSHOTS, "v1", "volumesnapshotclasses", vsc["metadata"]["name"])


def account(aws: Aws, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The provisioning example, pointed at this moto account's subnets, security group and OIDC provider."""
    net = aws.network()
    aws.client("secretsmanager").create_secret(Name="fsx/eks-trident/fsxadmin", SecretString=FSXADMIN)
    oidc = aws.client("iam").create_open_id_connect_provider(
        Url=f"https://{OIDC_ISSUER}", ClientIDList=["sts.amazonaws.com"], ThumbprintList=["a" * 40]
    )["OpenIDConnectProviderArn"]
    data = yaml.safe_load((ROOT / "examples" / "aws-fsx-provision.yaml").read_text())
    fs = data["aws"]["file_system"]
    fs.update(subnet_ids=[net["a"], net["b"]], preferred_subnet_id=net["a"], security_group_ids=[net["sg"]])
    data["aws"]["trident_identity"]["oidc_provider_arn"] = oidc
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data))
    return path, data


def live_file_system(data: dict[str, Any], lifecycle: str = "AVAILABLE") -> dict[str, Any]:
    fs = data["aws"]["file_system"]
    return fs_description(
        lifecycle=lifecycle,
        subnets=fs["subnet_ids"],
        tags=fs["tags"],
        extra={
            "RouteTableIds": fs["route_table_ids"],
            "AutomaticBackupRetentionDays": 7,
            "DailyAutomaticBackupStartTime": "02:00",
            "WeeklyMaintenanceStartTime": "7:03:00",
        },
    )


def first_run_stubs(data: dict[str, Any]) -> Stubs:
    request = example_file_system_request(data["aws"]["file_system"])
    request["OntapConfiguration"]["FsxAdminPassword"] = FSXADMIN  # read from Secrets Manager
    stubs = Stubs()
    module = "fsx_ontap_filesystem"
    stubs.add(module, "fsx", "describe_file_systems", {"FileSystems": []}, {})
    stubs.add(
        module,
        "fsx",
        "create_file_system",
        {"FileSystem": live_file_system(data, "CREATING")},
        {"ClientRequestToken": ANY, **request},
    )
    stubs.add(module, "fsx", "describe_file_systems", {"FileSystems": [live_file_system(data, "CREATING")]})
    stubs.add(module, "fsx", "describe_file_systems", {"FileSystems": [live_file_system(data)]})
    module = "fsx_ontap_svm"
    stubs.add(
        module, "fsx", "describe_file_systems", {"FileSystems": [live_file_system(data)]}, {"FileSystemIds": [FS_ID]}
    )
    stubs.add(module, "fsx", "describe_storage_virtual_machines", {"StorageVirtualMachines": []})
    stubs.add(
        module,
        "fsx",
        "create_storage_virtual_machine",
        {"StorageVirtualMachine": svm_description(lifecycle="CREATING")},
        {
            "FileSystemId": FS_ID,
            "Name": "svm_eks",
            "RootVolumeSecurityStyle": "UNIX",
            "SvmAdminPassword": ANY,
            "Tags": [{"Key": "cost-center", "Value": "storage"}, {"Key": "team", "Value": "platform"}],
        },
    )
    stubs.add(module, "fsx", "describe_storage_virtual_machines", {"StorageVirtualMachines": [svm_description()]})
    return stubs


def steady_stubs(data: dict[str, Any]) -> Stubs:
    """What AWS answers once everything exists: one read each."""
    stubs = Stubs()
    stubs.add("fsx_ontap_filesystem", "fsx", "describe_file_systems", {"FileSystems": [live_file_system(data)]})
    stubs.add("fsx_ontap_svm", "fsx", "describe_file_systems", {"FileSystems": [live_file_system(data)]})
    svm = svm_description()
    svm["Tags"] = [{"Key": "cost-center", "Value": "storage"}, {"Key": "team", "Value": "platform"}]
    stubs.add("fsx_ontap_svm", "fsx", "describe_storage_virtual_machines", {"StorageVirtualMachines": [svm]})
    return stubs


def vsadmin_password(aws: Aws) -> str:
    secret = aws.client("secretsmanager").get_secret_value(SecretId="fsx/eks-trident/svm_eks/vsadmin")
    document = json.loads(secret["SecretString"])
    assert document["username"] == "vsadmin" and len(document["password"]) == 32
    return str(document["password"])


def test_the_playbook_provisions_fsx_and_binds_trident_to_it_without_showing_a_secret(
    aws: Aws, tmp_path: Path, control_plane, kube_admin
):
    spec, data = account(aws, tmp_path)
    kubeconfig = control_plane.kubeconfigs["admin"]
    run = aws.run(
        playbook=PLAYBOOK,
        stubs=first_run_stubs(data),
        extra_vars={"spec": str(spec)},
        kubeconfig=kubeconfig,
        verbosity=4,
        callback="default",
    )
    assert run.rc == 0, run.stdout[-4000:]
    assert run.pending == []
    assert run.mutating() == [
        "fsx:CreateFileSystem",
        "secretsmanager:CreateSecret",
        "fsx:CreateStorageVirtualMachine",
        "iam:CreatePolicy",
        "iam:CreateRole",
        "iam:AttachRolePolicy",
    ]
    password = vsadmin_password(aws)
    # The SVM got the password the secret holds; neither it nor fsxadmin's shows anywhere, even at -vvvv.
    assert run.call("CreateStorageVirtualMachine").params["SvmAdminPassword"] == digest(password)
    assert run.call("CreateFileSystem").params["OntapConfiguration"]["FsxAdminPassword"] == digest(FSXADMIN)
    for secret in (password, FSXADMIN):
        assert secret not in run.output
    secret_arn = aws.client("secretsmanager").describe_secret(SecretId="fsx/eks-trident/svm_eks/vsadmin")["ARN"]
    role_arn = aws.client("iam").get_role(RoleName="trident-controller")["Role"]["Arn"]

    objects = kube_admin_objects(kube_admin)
    torc = objects.get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident")
    assert torc["spec"]["cloudProvider"] == "AWS"
    assert torc["spec"]["cloudIdentity"] == f"eks.amazonaws.com/role-arn: {role_arn}"
    for name in ("fsx-nas", "fsx-san"):
        tbc = objects.get_namespaced_custom_object(GROUP, "v1", "trident", "tridentbackendconfigs", name)
        assert tbc["spec"]["aws"] == {"fsxFilesystemID": FS_ID, "apiRegion": REGION}
        assert tbc["spec"]["credentials"] == {"name": secret_arn, "type": "awsarn"}
        assert tbc["spec"]["svm"] == "svm_eks"
        assert (tbc["status"]["phase"], tbc["status"]["lastOperationStatus"]) == ("Bound", "Success")

    # The IAM documents are the plan's: Trident reads exactly this secret, as trident/trident-controller.
    iam = aws.client("iam")
    policy_arn = "arn:aws:iam::123456789012:policy/trident-fsx-ontap"
    version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)["PolicyVersion"]["Document"]
    assert document["Statement"][1]["Resource"] == secret_arn
    trust = iam.get_role(RoleName="trident-controller")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Condition"]["StringEquals"] == {
        f"{OIDC_ISSUER}:aud": "sts.amazonaws.com",
        f"{OIDC_ISSUER}:sub": "system:serviceaccount:trident:trident-controller",
    }

    # Second run: reads only on AWS, nothing written to Kubernetes.
    with control_plane.audit.count_writes(users={"admin"}) as writes:
        again = aws.run(
            playbook=PLAYBOOK, stubs=steady_stubs(data), extra_vars={"spec": str(spec)}, kubeconfig=kubeconfig
        )
    assert again.rc == 0, again.results
    assert again.pending == [] and again.mutating() == []
    assert not any(r.get("changed") for r in again.results)
    assert writes.count == 0, writes.events


def kube_admin_objects(api):
    return client.CustomObjectsApi(api)


def test_check_mode_on_a_new_account_makes_no_mutating_call_and_says_what_it_would_create(
    aws: Aws, tmp_path: Path, control_plane
):
    spec = account(aws, tmp_path)[0]
    stubs = Stubs().add("fsx_ontap_filesystem", "fsx", "describe_file_systems", {"FileSystems": []})
    password = "Given-vsadmin-1"
    run = aws.run(
        playbook=PLAYBOOK,
        stubs=stubs,
        check=True,
        extra_vars={"spec": str(spec), "fsx_ontap_vsadmin_password": password},
        kubeconfig=control_plane.kubeconfigs["admin"],
        verbosity=4,
        callback="default",
    )
    assert run.rc == 0, run.stdout[-3000:]
    assert run.mutating() == [] and run.pending == []
    assert run.operations() == ["DescribeFileSystems", "DescribeSubnets"]
    assert '"DeploymentType": "MULTI_AZ_1"' in run.stdout  # the CreateFileSystem request it would send
    assert "Kubernetes side not planned: the file system, SVM or secret does not exist yet (check mode)" in run.stdout
    assert password not in run.output


def test_the_eks_addon_path_installs_trident_through_the_add_on_with_its_cloud_identity(
    aws: Aws, tmp_path: Path, control_plane, kube_admin
):
    reset_trident(kube_admin)
    spec, data = account(aws, tmp_path)
    data["trident"]["install_method"] = "eks_addon"
    data["aws"]["eks_addon"] = {"cluster_name": "prod", "version": "v26.6.0-eksbuild.1"}
    spec.write_text(yaml.safe_dump(data))  # the same spec file, edited: the same owner of its stack
    role_arn = "arn:aws:iam::123456789012:role/trident-controller"
    configuration = {"cloudIdentity": f"'eks.amazonaws.com/role-arn: {role_arn}'", "cloudProvider": "AWS"}
    addon = {
        "addonName": "netapp_trident-operator",
        "clusterName": "prod",
        "addonVersion": "v26.6.0-eksbuild.1",
        "serviceAccountRoleArn": role_arn,
        "configurationValues": json.dumps(configuration, sort_keys=True),
    }
    stubs = first_run_stubs(data)
    stubs.add("eks_addon", "eks", "describe_cluster", {"cluster": {"name": "prod", "version": "1.31"}})
    versions = [{"addonVersion": "v26.6.0-eksbuild.1", "compatibilities": [{"clusterVersion": "1.31"}]}]
    stubs.add(
        "eks_addon",
        "eks",
        "describe_addon_versions",
        {"addons": [{"addonName": "netapp_trident-operator", "addonVersions": versions}]},
    )
    stubs.add("eks_addon", "eks", "describe_addon", error=("ResourceNotFoundException", "No addon"))
    stubs.add(
        "eks_addon",
        "eks",
        "create_addon",
        {"addon": {**addon, "status": "CREATING"}},
        {**addon, "resolveConflicts": "OVERWRITE"},
    )
    stubs.add("eks_addon", "eks", "describe_addon", {"addon": {**addon, "status": "ACTIVE"}})
    # What the add-on puts in the cluster: Trident's namespace and the operator's TridentOrchestrator, which
    # the stand-in (playing the operator) reports Installed.
    try:
        client.CoreV1Api(kube_admin).create_namespace({"metadata": {"name": "trident"}})
    except ApiException as error:
        if error.status != 409:
            raise
    orchestrator = {
        "apiVersion": f"{GROUP}/v1",
        "kind": "TridentOrchestrator",
        "metadata": {"name": "trident"},
        "spec": {"namespace": "trident", "cloudProvider": "AWS", "cloudIdentity": configuration["cloudIdentity"]},
    }
    # The add-on registers the TridentOrchestrator CRD too (the operator's own, without tridentops' labels).
    extensions = client.ApiextensionsV1Api(kube_admin)
    crd = orchestrator_crd({})
    try:
        extensions.create_custom_resource_definition(crd)
    except ApiException as error:
        if error.status != 409:
            raise
    wait_established(extensions, [crd["metadata"]["name"]])
    kube_admin_objects(kube_admin).create_cluster_custom_object(GROUP, "v1", "tridentorchestrators", orchestrator)
    run = aws.run(
        playbook=PLAYBOOK, stubs=stubs, extra_vars={"spec": str(spec)}, kubeconfig=control_plane.kubeconfigs["admin"]
    )
    assert run.rc == 0, run.results
    assert run.pending == []
    assert "eks:CreateAddon" in run.mutating()
    stack = next(r for r in run.results if "backends" in r)
    assert stack["trident"]["status"] == "Installed"
    assert {name: status["phase"] for name, status in stack["backends"].items()} == {
        "fsx-nas": "Bound",
        "fsx-san": "Bound",
    }
    # The add-on owns Trident's installation: the stack applied none of the operator's objects.
    assert not [o for o in stack["objects"] if o["kind"] in ("Deployment", "TridentOrchestrator")]
