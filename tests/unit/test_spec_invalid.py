"""Invalid specs: every finding is reported at once, each with its exact field path and message.

Each case starts from a small valid spec, changes it through dotted paths, and lists every error
it must produce, no more and no fewer.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tridentops_pulumi.spec.api import validate

DRIVERS = "ontap-nas, ontap-nas-economy, ontap-nas-flexgroup, ontap-san, ontap-san-economy"
ATTRS = (
    "backendType, clones, encryption, IOPS, labels, media, nasType, provisioningType, region, replication, sanType, "
    "snapshots, zone"
)
ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-AbCd"
DELETE = object()

# One NAS backend with a credentials Secret, one SAN backend with inline credentials: the backends every
# invalid-spec case here and every rule case in test_spec_trident_rules starts from.
BACKENDS: list[dict[str, Any]] = [
    {"name": "nas", "driver": "ontap-nas", "management_lif": "10.0.0.1", "credentials": {"name": "nas-secret"}},
    {
        "name": "san",
        "driver": "ontap-san",
        "management_lif": "10.0.0.2",
        "credentials": {"username": "vsadmin", "password": "pw"},
    },
]
BASE: dict[str, Any] = {
    "backends": BACKENDS,
    "storage_classes": [{"name": "gold", "attributes": {"backendType": "ontap-nas"}}],
    "snapshot_classes": [{"name": "snaps"}],
}


def spec_with(changes: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = [int(p) if p.isdigit() else p for p in dotted.split(".")]
        node: Any = spec
        for part in parents:
            if isinstance(part, str) and part not in node:
                node[part] = {}
            node = node[part]
        if value is DELETE:
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(value)
        else:
            node[last] = value
    return spec


CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    (
        "unknown top-level key",
        {"backend": []},
        [
            (
                "backend",
                "unknown field; did you mean 'backends'? (allowed: autogrow_policies, aws, backends, monitoring, name, "
                "namespaces, protect, snapshot_classes, storage_classes, trident)",
            )
        ],
    ),
    (
        "stack name",
        {"name": "Prod_East"},
        [("name", "'Prod_East' is not a valid namespace name (lower-case letters, digits and '-'; at most 63)")],
    ),
    ("backends not a list", {"backends": {"name": "x"}}, [("backends", "must be a list, got a mapping")]),
    (
        "driver typo",
        {"backends.0.driver": "ontap-nass"},
        [("backends[0].driver", f"'ontap-nass' is not one of {DRIVERS}; did you mean 'ontap-nas'?")],
    ),
    (
        "driver not ontap",
        {"backends.0.driver": "solidfire-san"},
        [("backends[0].driver", f"'solidfire-san' is not one of {DRIVERS}")],
    ),
    ("backend name missing", {"backends.0.name": DELETE}, [("backends[0].name", "is required")]),
    (
        "backend name not dns",
        {"backends.0.name": "NAS_1"},
        [
            (
                "backends[0].name",
                "'NAS_1' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.'; at most 253)",
            )
        ],
    ),
    (
        "duplicate backend",
        {"backends.1.name": "nas", "backends.1.credentials": {"name": "s"}},
        [("backends[1].name", "name 'nas' is already used by backends[0]")],
    ),
    (
        "duplicate trident backend name",
        {"backends.1.backend_name": "nas"},
        [("backends[1].backend_name", "Trident backend name 'nas' is already used by backends[0]")],
    ),
    (
        "management lif missing",
        {"backends.0.management_lif": DELETE},
        [("backends[0].management_lif", "is required (or set aws.fsx_filesystem_id for FSx for NetApp ONTAP)")],
    ),
    (
        "management lif bad",
        {"backends.0.management_lif": "10.0.0.1/24"},
        [("backends[0].management_lif", "'10.0.0.1/24' is not an IP address or a DNS name")],
    ),
    (
        "ipv6 without brackets",
        {"backends.0.management_lif": "fd00::1"},
        [("backends[0].management_lif", "'fd00::1': write an IPv6 address in brackets, e.g. '[fd00::1]'")],
    ),
    ("data lif on san warns only", {"backends.1.data_lif": "10.0.0.9"}, []),
    (
        "san_type on nas",
        {"backends.0.san_type": "iscsi"},
        [("backends[0].san_type", "only applies to SAN drivers, not ontap-nas")],
    ),
    (
        "nas_type on san",
        {"backends.1.nas_type": "nfs"},
        [("backends[1].nas_type", "only applies to NAS drivers, not ontap-san")],
    ),
    (
        "san type invalid",
        {"backends.1.san_type": "fc"},
        [("backends[1].san_type", "'fc' is not one of iscsi, nvme, fcp; did you mean 'fcp'?")],
    ),
    (
        "chap on nvme",
        {"backends.1.san_type": "nvme", "backends.1.use_chap": True},
        [
            ("backends[1].use_chap", "CHAP is iSCSI only, san_type is nvme"),
            (
                "backends[1].credentials",
                "use_chap needs chap_username, chap_initiator_secret, chap_target_username "
                "and chap_target_initiator_secret",
            ),
        ],
    ),
    (
        "chap without chap secrets",
        {"backends.1.use_chap": True},
        [
            (
                "backends[1].credentials",
                "use_chap needs chap_username, chap_initiator_secret, chap_target_username "
                "and chap_target_initiator_secret",
            )
        ],
    ),
    (
        "partial chap",
        {"backends.1.credentials.chap_username": "c"},
        [
            (
                "backends[1].credentials",
                "CHAP needs all four of chap_username, chap_initiator_secret, "
                "chap_target_username and chap_target_initiator_secret",
            )
        ],
    ),
    (
        "qtrees out of range",
        {
            "backends.0.driver": "ontap-nas-economy",
            "storage_classes.0.attributes.backendType": "ontap-nas-economy",
            "backends.0.limits": {"qtrees_per_flexvol": 301},
        },
        [("backends[0].limits.qtrees_per_flexvol", "301 is out of range; Trident accepts 50 to 300")],
    ),
    (
        "qtrees on wrong driver",
        {"backends.0.limits": {"qtrees_per_flexvol": 100}},
        [("backends[0].limits.qtrees_per_flexvol", "only applies to ontap-nas-economy, not ontap-nas")],
    ),
    (
        "luns out of range",
        {"backends.1.driver": "ontap-san-economy", "backends.1.limits": {"luns_per_flexvol": 20}},
        [("backends[1].limits.luns_per_flexvol", "20 is out of range; Trident accepts 50 to 200")],
    ),
    (
        "luns on wrong driver",
        {"backends.1.limits": {"luns_per_flexvol": 100}},
        [("backends[1].limits.luns_per_flexvol", "only applies to ontap-san-economy, not ontap-san")],
    ),
    (
        "pool size on non-economy",
        {"backends.0.limits": {"volume_pool_size": "1Ti"}},
        [("backends[0].limits.volume_pool_size", "only applies to economy drivers, not ontap-nas")],
    ),
    (
        "volume size not a quantity",
        {"backends.0.limits": {"volume_size": "2 TB"}},
        [
            (
                "backends[0].limits.volume_size",
                "'2 TB' is not a size Trident reads (an integer with an optional unit: 500Mi, 100G, 1Ti, 50GB, or "
                "bytes; no fractions)",
            )
        ],
    ),
    (
        "aggregate usage out of range",
        {"backends.0.limits": {"aggregate_usage": 120}},
        [("backends[0].limits.aggregate_usage", "120 is out of range; Trident accepts 1 to 100")],
    ),
    (
        "no credentials",
        {"backends.0.credentials": {}},
        [
            (
                "backends[0].credentials",
                "give name (an existing Secret), inline username and password, or type: awsarn "
                "with a Secrets Manager ARN",
            )
        ],
    ),
    (
        "password without username",
        {"backends.1.credentials.username": DELETE},
        [("backends[1].credentials.username", "is required with password")],
    ),
    (
        "password and key",
        {"backends.1.credentials.client_private_key": "a2V5"},
        [
            (
                "backends[1].credentials",
                "give either username/password or client_private_key, not both (Trident fails "
                "to initialise a backend with more than one authentication method)",
            )
        ],
    ),
    (
        "awsarn without aws block",
        {"backends.0.credentials": {"type": "awsarn", "name": ARN}},
        [
            (
                "backends[0].credentials.type",
                "awsarn only works with aws.fsx_filesystem_id; Trident ignores the ARN otherwise",
            )
        ],
    ),
    (
        "awsarn not an arn",
        {
            "backends.0.credentials": {"type": "awsarn", "name": "fsx-secret"},
            "backends.0.aws": {"fsx_filesystem_id": "fs-0123456789abcdef0"},
        },
        [
            (
                "backends[0].credentials.name",
                "with type awsarn must be a Secrets Manager ARN "
                "(arn:aws:secretsmanager:<region>:<account>:secret:<name>)",
            )
        ],
    ),
    (
        "awsarn with inline password",
        {
            "backends.1.credentials.type": "awsarn",
            "backends.1.credentials.name": ARN,
            "backends.1.aws": {"fsx_filesystem_id": "fs-0123456789abcdef0"},
        },
        [
            (
                "backends[1].credentials",
                "type awsarn reads the credentials from AWS Secrets Manager; remove the inline password, username",
            )
        ],
    ),
    (
        "credentials type invalid",
        {"backends.0.credentials.type": "vault"},
        [("backends[0].credentials.type", "'vault' is not one of secret, awsarn")],
    ),
    (
        "fsx id malformed",
        {"backends.0.aws": {"fsx_filesystem_id": "fs-XYZ"}},
        [
            (
                "backends[0].aws.fsx_filesystem_id",
                "'fs-XYZ' is not an FSx for NetApp ONTAP file system id (fs- followed by 17 hex digits)",
            )
        ],
    ),
    (
        "aggregate usage on fsx",
        {"backends.0.aws": {"fsx_filesystem_id": "fs-0123456789abcdef0"}, "backends.0.limits": {"aggregate_usage": 80}},
        [("backends[0].limits.aggregate_usage", "is not supported on FSx for NetApp ONTAP")],
    ),
    (
        "smb on fsx without share",
        {"backends.0.aws": {"fsx_filesystem_id": "fs-0123456789abcdef0"}, "backends.0.nas_type": "smb"},
        [("backends[0].smb_share", "is required for SMB on FSx for NetApp ONTAP")],
    ),
    (
        "deletion policy",
        {"backends.0.deletion_policy": "keep"},
        [("backends[0].deletion_policy", "'keep' is not one of delete, retain")],
    ),
    (
        "unknown backend field",
        {"backends.0.managment_lif": "10.0.0.3"},
        [
            (
                "backends[0].managment_lif",
                "unknown field; did you mean 'management_lif'? (allowed: aggregate, "
                "auto_export_cidrs, auto_export_policy, aws, backend_name, client_certificate, clone_split_delay, "
                "credentials, data_lif, debug_trace_flags, defaults, deletion_policy, driver, "
                "empty_flexvol_deferred_delete_period, flexgroup_aggregate_list, igroup_name, labels, limits, "
                "management_lif, name, nas_type, nfs_mount_options, object_annotations, object_labels, "
                "qtree_prune_flexvols_period, "
                "qtree_quota_resize_period, region, replication_policy, replication_schedule, san_type, smb_share, "
                "storage_prefix, supported_topologies, svm, trusted_ca_certificate, usage_heartbeat, "
                "use_balanced_placement, use_chap, use_rest, user_state, virtual_pools, zone)",
            )
        ],
    ),
    (
        "unknown volume default",
        {"backends.0.defaults": {"spaceReservation": "none"}},
        [
            (
                "backends[0].defaults.spaceReservation",
                "unknown ONTAP volume default (allowed: adAdminUser, "
                "adaptiveQosPolicy, encryption, exportPolicy, fileSystemType, formatOptions, LUKSEncryption, "
                "mirroring, nameTemplate, qosPolicy, securityStyle, size, skipRecoveryQueue, snapshotDir, "
                "snapshotPolicy, snapshotReserve, spaceAllocation, spaceReserve, splitOnClone, tieringPolicy, "
                "unixPermissions)",
            )
        ],
    ),
    (
        "space reserve value",
        {"backends.0.defaults": {"spaceReserve": "thick"}},
        [("backends[0].defaults.spaceReserve", "'thick' is not one of none, volume")],
    ),
    (
        "snapshot reserve range",
        {"backends.0.defaults": {"snapshotReserve": 95}},
        [("backends[0].defaults.snapshotReserve", "'95' is not a percentage from 0 to 90")],
    ),
    (
        "qos and adaptive qos",
        {"backends.0.defaults": {"qosPolicy": "a", "adaptiveQosPolicy": "b"}},
        [("backends[0].defaults", "set qosPolicy or adaptiveQosPolicy, not both")],
    ),
    (
        "virtual pool bad default",
        {"backends.0.virtual_pools": [{"labels": {"tier": "gold"}, "defaults": {"encryption": "yes"}}]},
        [
            (
                "backends[0].virtual_pools[0].defaults.encryption",
                "'yes' is not one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False",
            )
        ],
    ),
    (
        "virtual pool label not a string",
        {"backends.0.virtual_pools": [{"labels": {"points": 40000}}]},
        [("backends[0].virtual_pools[0].labels.points", "must be a string, got 40000 (a number); quote it in YAML")],
    ),
    (
        "topology key",
        {"backends.0.supported_topologies": [{"topology.kubernetes.io/rack": "r1"}]},
        [
            (
                "backends[0].supported_topologies[0].topology.kubernetes.io/rack",
                "unknown topology key (allowed: topology.kubernetes.io/region, topology.kubernetes.io/zone)",
            )
        ],
    ),
    (
        "auto export cidrs without policy",
        {"backends.0.auto_export_cidrs": ["10.0.0.0/8"]},
        [("backends[0].auto_export_cidrs", "only applies with auto_export_policy: true")],
    ),
    (
        "class unknown attribute",
        {"storage_classes.0.attributes.medya": "ssd"},
        [
            (
                "storage_classes[0].attributes.medya",
                f"unknown Trident storage attribute; did you mean 'media'? "
                f"(allowed: {ATTRS}); Trident would reject the whole class",
            )
        ],
    ),
    (
        "class attribute value",
        {"storage_classes.0.attributes.media": "flash"},
        [("storage_classes[0].attributes.media", "'flash' is not one of hdd, ssd, hybrid")],
    ),
    (
        "class bool attribute",
        {"storage_classes.0.attributes.snapshots": "yes"},
        [("storage_classes[0].attributes.snapshots", "must be true or false, got 'yes'")],
    ),
    (
        "class iops attribute",
        {"storage_classes.0.attributes.IOPS": "many"},
        [("storage_classes[0].attributes.IOPS", "must be a whole number, got 'many'")],
    ),
    (
        "class selector in attributes",
        {"storage_classes.0.attributes.selector": "tier=gold"},
        [("storage_classes[0].attributes.selector", "use the class's selector field")],
    ),
    (
        "class selector syntax",
        {"storage_classes.0.selector": "tier: gold"},
        [
            (
                "storage_classes[0].selector",
                "'tier: gold' is not a Trident selector requirement (use key=value, "
                "key!=value, key in (a,b), key notin (a,b), key or !key, separated by ';')",
            )
        ],
    ),
    (
        "class pool list syntax",
        {"storage_classes.0.storage_pools": "nas"},
        [("storage_classes[0].storage_pools", "'nas' is not 'backendRegex:poolRegex[,poolRegex...]'")],
    ),
    (
        "class pool regex",
        {"storage_classes.0.exclude_storage_pools": "nas:([a-z"},
        [
            (
                "storage_classes[0].exclude_storage_pools",
                "'nas:([a-z' has an invalid regular expression: unterminated character set at position 1",
            )
        ],
    ),
    (
        "class csi parameter prefix",
        {"storage_classes.0.csi_parameters": {"node-stage-secret-name": "luks"}},
        [
            (
                "storage_classes[0].csi_parameters.node-stage-secret-name",
                "must start with csi.storage.k8s.io/; Trident rejects the whole "
                "class for any parameter it does not know (use attributes for "
                "Trident's own)",
            )
        ],
    ),
    (
        "class selects no label",
        {"storage_classes.0.selector": "performance=platinum"},
        [
            (
                "storage_classes[0]",
                "class 'gold' matches no pool of this spec's backends (nas: selector "
                "'performance=platinum' does not match its labels (none); san: backendType is "
                "ontap-san)",
            )
        ],
    ),
    (
        "class wants snapshots from nas-economy",
        {
            "backends.0.driver": "ontap-nas-economy",
            "storage_classes.0.attributes": {"backendType": "ontap-nas-economy", "snapshots": True},
        },
        [
            (
                "storage_classes[0]",
                "class 'gold' matches no pool of this spec's backends (nas: ontap-nas-economy offers "
                "snapshots=false; san: backendType is ontap-san)",
            )
        ],
    ),
    (
        "class wants iops",
        {"storage_classes.0.attributes.IOPS": 1000},
        [
            (
                "storage_classes[0]",
                "class 'gold' matches no pool of this spec's backends (nas: ONTAP pools offer no IOPS "
                "attribute (solidfire-san only); san: backendType is ontap-san)",
            )
        ],
    ),
    (
        "class wants encryption from unencrypted pool",
        {
            "backends.0.virtual_pools": [{"labels": {"tier": "gold"}, "defaults": {"encryption": "false"}}],
            "storage_classes.0.attributes.encryption": True,
        },
        [
            (
                "storage_classes[0]",
                "class 'gold' matches no pool of this spec's backends (nas: ontap-nas offers "
                "encryption=false; san: backendType is ontap-san)",
            )
        ],
    ),
    (
        "class zone nobody serves",
        {"storage_classes.0.attributes": {"zone": "eu-west-1a"}},
        [
            (
                "storage_classes[0]",
                "class 'gold' matches no pool of this spec's backends (nas: zone is not set; san: zone is not set)",
            )
        ],
    ),
    (
        "two default classes",
        {"storage_classes.0.default": True, "storage_classes.1": {"name": "silver", "default": True}},
        [("storage_classes[1].default", "only one class may be the default; 'gold' already is")],
    ),
    (
        "duplicate class",
        {"storage_classes.1": {"name": "gold"}},
        [("storage_classes[1].name", "name 'gold' is already used by storage_classes[0]")],
    ),
    (
        "reclaim policy",
        {"storage_classes.0.reclaim_policy": "Recycle"},
        [("storage_classes[0].reclaim_policy", "'Recycle' is not one of Delete, Retain")],
    ),
    (
        "binding mode",
        {"storage_classes.0.volume_binding_mode": "Lazy"},
        [("storage_classes[0].volume_binding_mode", "'Lazy' is not one of Immediate, WaitForFirstConsumer")],
    ),
    (
        "snapshot class policy",
        {"snapshot_classes.0.deletion_policy": "delete"},
        [("snapshot_classes[0].deletion_policy", "'delete' is not one of Delete, Retain; did you mean 'Delete'?")],
    ),
    (
        "two default snapshot classes",
        {"snapshot_classes.0.default": True, "snapshot_classes.1": {"name": "more", "default": True}},
        [("snapshot_classes[1].default", "only one class may be the default; 'snaps' already is")],
    ),
    (
        "trident version format",
        {"trident": {"version": "v26.06"}},
        [("trident.version", "'v26.06' is not a Trident release (YY.MM.patch, e.g. 26.06.0)")],
    ),
    (
        "trident version float",
        {"trident": {"version": 26.06}},
        [("trident.version", "must be a string, got 26.06 (a number); quote it in YAML")],
    ),
    (
        "trident too old",
        {"trident": {"version": "23.10.0"}},
        [("trident.version", "Trident 23.10.0 is older than 24.06, the oldest release tridentops supports")],
    ),
    (
        "trident not a release",
        {"trident": {"version": "25.04.0"}},
        [("trident.version", "Trident 25.04 is not a release (24.06, 24.10, 25.02, 25.06, 25.10, 26.02, 26.06)")],
    ),
    (
        "feature needs newer trident",
        {"trident": {"version": "25.06.1", "metrics": {"https": True}}},
        [("trident.metrics.https", "needs Trident 25.10 or later (version is 25.06.1)")],
    ),
    (
        "namespace",
        {"trident": {"namespace": "Trident"}},
        [
            (
                "trident.namespace",
                "'Trident' is not a valid namespace name (lower-case letters, digits and '-'; at most 63)",
            )
        ],
    ),
    (
        "cloud identity without provider",
        {"trident": {"cloud_identity": "eks.amazonaws.com/role-arn: arn:x"}},
        [("trident.cloud_identity", "needs cloud_provider (AWS, Azure or GCP)")],
    ),
    (
        "cloud identity for wrong provider",
        {"trident": {"cloud_provider": "AWS", "cloud_identity": "iam.gke.io/gcp-service-account: sa"}},
        [("trident.cloud_identity", "for cloud_provider AWS must start with 'eks.amazonaws.com/role-arn:'")],
    ),
    (
        "cloud provider",
        {"trident": {"cloud_provider": "amazon"}},
        [("trident.cloud_provider", "'amazon' is not one of AWS, Azure, GCP, '' (any case)")],
    ),
    (
        "eks addon on another cloud",
        {"trident": {"install_method": "eks_addon", "cloud_provider": "Azure"}},
        [
            (
                "trident.install_method",
                "eks_addon installs Trident on EKS: cloud_provider must be AWS or left out, not Azure",
            )
        ],
    ),
    (
        "aws cloud provider without an identity",
        {"trident": {"cloud_provider": "AWS"}},
        [
            (
                "trident.cloud_identity",
                "is required with cloud_provider AWS: Trident's operator refuses AWS without a cloudIdentity "
                "('eks.amazonaws.com/role-arn: ...'); with EKS Pod Identity leave cloud_provider out",
            )
        ],
    ),
    (
        "gcp cloud provider without an identity",
        {"trident": {"cloud_provider": "GCP"}},
        [
            (
                "trident.cloud_identity",
                "is required with cloud_provider GCP: Trident's operator refuses GCP without a cloudIdentity "
                "('iam.gke.io/gcp-service-account: ...')",
            )
        ],
    ),
    (
        "gcp cloud provider before 24.10",
        {
            "trident": {
                "version": "24.06.1",
                "cloud_provider": "GCP",
                "cloud_identity": "iam.gke.io/gcp-service-account: trident@p.iam.gserviceaccount.com",
            }
        },
        [
            (
                "trident.cloud_provider",
                "GCP needs Trident 24.10 or later (version is 24.06.1); older operators refuse it as not a valid "
                "cloud provider",
            )
        ],
    ),
    (
        "node prep protocol twice",
        {"trident": {"node_prep": ["iscsi", "iscsi"]}},
        [
            (
                "trident.node_prep",
                "lists 2 protocols; Trident's operator prepares one (iscsi) and refuses the installation otherwise",
            )
        ],
    ),
    ("node prep", {"trident": {"node_prep": ["nvme"]}}, [("trident.node_prep[0]", "'nvme' is not one of iscsi")]),
    (
        "log level",
        {"trident": {"log_level": "verbose"}},
        [
            (
                "trident.log_level",
                "'verbose' is not one of trace, debug, info, warn, warning, error, fatal, panic (any case)",
            )
        ],
    ),
    (
        "api qps",
        {"trident": {"k8s_api_qps": 0}},
        [("trident.k8s_api_qps", "0 is out of range; Trident accepts 1 to 2147483647")],
    ),
    (
        "toleration exists with value",
        {"trident": {"controller_placement": {"tolerations": [{"key": "infra", "operator": "Exists", "value": "x"}]}}},
        [("trident.controller_placement.tolerations[0].value", "must be empty when operator is Exists")],
    ),
    (
        "image pull secret name",
        {"trident": {"image_pull_secrets": ["Reg Cred"]}},
        [
            (
                "trident.image_pull_secrets",
                "'Reg Cred' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.'; at most 253)",
            )
        ],
    ),
    (
        "boolean given as string",
        {"trident": {"windows": "yes"}},
        [("trident.windows", "must be a boolean (true or false), got 'yes'")],
    ),
    (
        "rendered secret collision",
        {
            "backends.0.credentials": {"name": "shared", "username": "a", "password": "b"},
            "backends.1.credentials": {"name": "shared", "username": "c", "password": "d"},
        },
        [("backends[1].credentials.name", "rendered Secret 'shared' is already used by backends[0]")],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_invalid_spec_reports_every_error_with_its_path(changes: dict[str, Any], expected: list[tuple[str, str]]):
    spec, issues = validate(spec_with(changes))
    errors = sorted((i.path, i.message) for i in issues if i.severity == "error")
    assert errors == sorted(expected)
    assert (spec is None) == bool(expected)


def test_there_are_at_least_forty_distinct_invalid_cases():
    assert len([c for c in CASES if c[2]]) >= 40


def test_a_spec_that_is_not_a_mapping_is_one_clear_error():
    spec, issues = validate(["backends"])
    assert spec is None
    assert [(i.path, i.message) for i in issues] == [("", "must be a mapping, got a list")]
    assert str(issues[0]) == "(spec): must be a mapping, got a list"


def test_data_lif_on_san_is_a_warning_not_an_error():
    spec, issues = validate(spec_with({"backends.1.data_lif": "10.0.0.9"}))
    assert spec is not None
    assert [(i.severity, i.path) for i in issues] == [("warning", "backends[1].data_lif")]


def test_unrelated_mistakes_in_every_section_are_all_reported_in_one_pass():
    spec, issues = validate(
        spec_with(
            {
                "trident": {"version": "1.0"},
                "backends.0.driver": "nas",
                "backends.1.limits": {"luns_per_flexvol": 10},
                "storage_classes.0.attributes.media": "tape",
                "snapshot_classes.0.deletion_policy": "Keep",
            }
        )
    )
    assert spec is None
    assert sorted(i.path for i in issues) == [
        "backends[0].driver",
        "backends[1].limits.luns_per_flexvol",
        "snapshot_classes[0].deletion_policy",
        "storage_classes[0].attributes.media",
        "trident.version",
    ]


def test_class_matching_is_skipped_while_a_backend_is_invalid():
    # The class would match the first backend once its typo is fixed: no derived error in the meantime.
    issues = validate(spec_with({"backends.0.driver": "ontap-nass"}))[1]
    assert [i.path for i in issues] == ["backends[0].driver"]


def test_a_rule_across_fields_runs_even_when_another_field_of_the_entry_is_invalid():
    spec, issues = validate(
        spec_with(
            {"trident": {"version": "26.6", "log_level": "loud", "cloud_identity": "eks.amazonaws.com/role-arn: x"}}
        )
    )
    assert spec is None
    assert sorted(i.path for i in issues) == ["trident.cloud_identity", "trident.log_level", "trident.version"]


def test_a_rule_does_not_run_on_a_field_that_is_itself_invalid():
    # driver is invalid: the rules that depend on the driver stay silent instead of guessing.
    issues = validate(spec_with({"backends.0.driver": "nas", "backends.0.san_type": "iscsi"}))[1]
    assert [i.path for i in issues] == ["backends[0].driver"]


@pytest.mark.parametrize(
    "trident",
    [
        {"cloud_provider": "Azure"},  # AKS workload identity from the node's azure.json: no identity needed
        {"cloud_provider": "GCP", "cloud_identity": "iam.gke.io/gcp-service-account: t@p.iam.gserviceaccount.com"},
        {"install_method": "eks_addon"},  # EKS Pod Identity or the node's role: no cloud provider at all
        {"version": "24.10.0", "node_prep": ["iscsi"]},
    ],
)
def test_settings_trident_s_operator_accepts_validate(trident: dict[str, Any]):
    spec, issues = validate(spec_with({"trident": trident}))
    assert spec is not None, [str(i) for i in issues]
