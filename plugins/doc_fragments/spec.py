# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# The class below is generated from the storage spec model by hack/gen_doc_fragments.py; do not edit it.

from __future__ import annotations

import functools
from typing import Any

import yaml

# A per-resource module (backend, storage_class, fsx_ontap_filesystem...) takes the fields of one section of the
# spec as its options. Its doc fragment is a view of that section of DOCUMENTATION below, so each field's text is
# written once. ansible-core imports a doc fragment as Python and a module may name one of its attributes
# (tridentops.storage.spec.backend_options), so the views are computed where the docs are loaded.


@functools.cache
def _tree(documentation: str) -> dict[str, Any]:
    return dict(yaml.safe_load(documentation)["options"]["spec"])


def _options(
    documentation: str, path: tuple[str, ...], exclude: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> str:
    """The fields of the spec at ``path`` as a module's options. A module's argument spec leaves allowed values to the
    model (validate-modules wants documented choices to match the argument spec), so they are said in the
    description; the ``optional`` fields a module requires only with state=present are not marked required."""
    node = _tree(documentation)
    for key in path:
        node = node["suboptions"][key]
    options = {name: _plain(option) for name, option in node["suboptions"].items() if name not in exclude}
    for name in optional:
        options[name].pop("required", None)
    return yaml.safe_dump({"options": options}, sort_keys=False)


def _plain(option: dict[str, Any]) -> dict[str, Any]:
    option = dict(option)
    choices = option.pop("choices", None)
    if choices:
        option["description"] = [*option["description"], "One of V(" + "), V(".join(map(str, choices)) + ")."]
    if "suboptions" in option:
        option["suboptions"] = {name: _plain(sub) for name, sub in option["suboptions"].items()}
    return option


class ModuleDocFragment:
    DOCUMENTATION = r"""options:
  spec:
    description:
    - The storage spec, as a dictionary. Mutually exclusive with O(src).
    - Its fields are documented below as suboptions, each under its path in the spec. For example
      O(spec.backends[].credentials.name) is the C(name) of the C(credentials) of an entry of
      C(backends). Whole specs are in the collection's C(examples) directory.
    - The whole spec is validated before anything is written, and every problem is reported
      at once with its path (for example C(backends[0].credentials.name)). Fields that hold
      a secret are masked in every output.
    type: dict
    suboptions:
      name:
        description:
        - Name of this stack; every object tridentops renders carries it in the label tridentops.io/stack,
          which prune and info use to find what this spec manages.
        type: str
        default: default
      trident:
        description:
        - How Trident is installed.
        type: dict
        suboptions:
          version:
            description:
            - Trident release to install (YY.MM.patch). Pins the operator image, which installs
              the same Trident release.
            type: str
            default: 26.06.0
          namespace:
            description:
            - 'Namespace Trident runs in; backends and their Secrets live here too. Cannot change
              after install. Always written in the TridentOrchestrator: the operator would otherwise
              install into ''default''.'
            type: str
            default: trident
          install_method:
            description:
            - 'operator: tridentops applies the operator bundle and the TridentOrchestrator.
              eks_addon: the EKS add-on netapp_trident-operator installs them (AWS only). external:
              Trident is installed by other means (Helm, OperatorHub, tridentctl); tridentops
              only manages backends and classes, once Trident''s CRDs are registered.'
            type: str
            default: operator
            choices:
            - operator
            - eks_addon
            - external
          image_registry:
            description:
            - 'imageRegistry: private registry that mirrors the Trident, operator, autosupport
              and CSI sidecar images (air-gapped installs), for example registry.example.com/trident.
              Each image keeps its last path element (registry.example.com/trident/csi-provisioner:v6.3.0);
              trident_image, autosupport.image and operator_image are used as written instead.'
            type: str
          operator_image:
            description:
            - Full reference of the trident-operator image tridentops deploys, used as written.
              Leave it out for <image_registry or docker.io/netapp>/trident-operator:<version>.
            type: str
          trident_image:
            description:
            - 'tridentImage: full reference of the Trident image, used as written. The operator
              runs it to read its version and refuses an image of another release (YY.MM) than
              its own.'
            type: str
          sidecar_images:
            description:
            - 'Full references of the CSI sidecar images (Trident >= 25.02: the operator reads
              them from its environment; the TridentOrchestrator has no field for them). image_registry
              still replaces their registry, as the operator does.'
            type: dict
            suboptions:
              provisioner:
                description:
                - csi-provisioner image.
                type: str
              attacher:
                description:
                - csi-attacher image.
                type: str
              resizer:
                description:
                - csi-resizer image.
                type: str
              snapshotter:
                description:
                - csi-snapshotter image.
                type: str
              node_driver_registrar:
                description:
                - csi-node-driver-registrar image.
                type: str
              liveness_probe:
                description:
                - livenessprobe image (Windows node pods only).
                type: str
          image_pull_secrets:
            description:
            - 'imagePullSecrets: Secrets (in the Trident namespace) used to pull images.'
            type: list
            elements: str
          image_pull_policy:
            description:
            - imagePullPolicy for all Trident pods (and the operator's). Leave it out for Trident's
              default, IfNotPresent.
            type: str
            choices:
            - Always
            - IfNotPresent
            - Never
          cloud_provider:
            description:
            - 'Cloud whose workload identity Trident uses: AWS, Azure or GCP, in any case as
              the operator compares it (written as given). AWS for FSx for NetApp ONTAP; GCP
              needs Trident >= 24.10. AWS and GCP need cloud_identity; leave it out with EKS
              Pod Identity. An empty string is written as given and means no cloud, as leaving
              it out does (Trident''s sample orchestrator writes it).'
            type: str
          cloud_identity:
            description:
            - 'Workload identity annotation for the trident-controller ServiceAccount, e.g.
              ''eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident''.'
            type: str
          node_prep:
            description:
            - 'Protocols Trident prepares on the nodes (at most one: iscsi; Trident >= 24.10).'
            type: list
            elements: str
            choices:
            - iscsi
          controller_placement:
            description:
            - Node selector and tolerations for the operator and the Trident controller.
            type: dict
            suboptions: &id001
              node_selector:
                description:
                - Node labels the pods must match.
                type: dict
              tolerations:
                description:
                - Taints the pods tolerate.
                type: list
                elements: dict
                suboptions:
                  key:
                    description:
                    - Taint key to tolerate; empty with operator Exists tolerates every taint.
                    type: str
                  operator:
                    description:
                    - How the key and value are compared.
                    type: str
                    default: Equal
                    choices:
                    - Equal
                    - Exists
                  value:
                    description:
                    - Taint value (operator Equal).
                    type: str
                  effect:
                    description:
                    - Taint effect to tolerate; empty tolerates all effects.
                    type: str
                    choices:
                    - NoSchedule
                    - PreferNoSchedule
                    - NoExecute
                  toleration_seconds:
                    description:
                    - 'With NoExecute: how long the pod stays bound.'
                    type: int
          node_placement:
            description:
            - Node selector and tolerations for the Trident node DaemonSet.
            type: dict
            suboptions: *id001
          log_level:
            description:
            - 'logLevel of Trident: trace, debug, info, warn, warning, error, fatal or panic,
              in any case as Trident reads it (written as given). Leave it out for Trident''s
              default, info.'
            type: str
          log_format:
            description:
            - logFormat of Trident. Leave it out for Trident's default, text.
            type: str
            choices:
            - text
            - json
          debug:
            description:
            - 'debug: true sets Trident''s log level to debug, whatever log_level says.'
            type: bool
          log_workflows:
            description:
            - 'logWorkflows: workflows Trident traces, ''category:operation,operation;category:operation''
              (e.g. ''cr:all;core:init'').'
            type: str
          log_layers:
            description:
            - 'logLayers: code layers Trident traces, comma separated; a leading ''+'' makes
              them additive. Example: ''core,csi_frontend''.'
            type: str
          metrics:
            description:
            - Prometheus metrics endpoint.
            type: dict
            suboptions:
              https:
                description:
                - 'httpsMetrics: serve Prometheus metrics over HTTPS with client authentication
                  on port 8444 (Trident >= 25.10) instead of HTTP on 8001. Leave it out for
                  Trident''s default, false.'
                type: bool
          autosupport:
            description:
            - NetApp AutoSupport telemetry.
            type: dict
            suboptions:
              enabled:
                description:
                - 'Send daily AutoSupport telemetry to NetApp (written as silenceAutosupport,
                  its negation). Leave it out for Trident''s default: enabled.'
                type: bool
              exclude:
                description:
                - 'excludeAutosupport: do not run the autosupport container at all (Trident
                  >= 25.06). Leave it out for Trident''s default, false.'
                type: bool
              image:
                description:
                - 'autosupportImage: full reference of the autosupport image, used as written
                  (image_registry does not rewrite it). Leave it out for the release''s image
                  (see `tridentops images`).'
                type: str
              proxy:
                description:
                - 'autosupportProxy: HTTP proxy for AutoSupport uploads.'
                type: str
              insecure:
                description:
                - 'autosupportInsecure: skip TLS verification for AutoSupport uploads.'
                type: bool
              serial_number:
                description:
                - 'autosupportSerialNumber: serial number AutoSupport reports (Trident''s default:
                  none).'
                type: str
              hostname:
                description:
                - 'autosupportHostname: host name AutoSupport reports (Trident''s default: none).'
                type: str
          windows:
            description:
            - 'windows: also run the Windows node DaemonSet. Leave it out for Trident''s default,
              false.'
            type: bool
          enable_force_detach:
            description:
            - 'enableForceDetach: force detach on non-graceful node shutdown. Leave it out for
              Trident''s default, false.'
            type: bool
          fs_group_policy:
            description:
            - 'fsGroupPolicy of the CSIDriver (Trident >= 25.06): ReadWriteOnceWithFSType, None
              or File, in any case as the operator compares it (written as given; the CSIDriver
              gets the canonical spelling).'
            type: str
          k8s_api_qps:
            description:
            - Queries per second Trident may send to the Kubernetes API (Trident >= 24.10; Trident
              uses at least 10; leave it out for Trident's default, 100).
            type: int
          k8s_timeout:
            description:
            - Timeout in seconds for Kubernetes operations during install.
            type: int
          ipv6:
            description:
            - 'IPv6: run Trident on an IPv6 cluster (Trident''s default: false).'
            type: bool
          disable_audit_log:
            description:
            - 'disableAuditLog: false turns Trident''s audit log on. Leave it out for Trident''s
              default, true (off).'
            type: bool
          http_request_timeout:
            description:
            - 'httpRequestTimeout: timeout of Trident''s HTTP requests, a Go duration (e.g.
              90s, 2m30s; not negative). Leave it out for Trident''s default, 90s.'
            type: str
          iscsi_self_healing_interval:
            description:
            - 'iscsiSelfHealingInterval: how often Trident repairs stale iSCSI sessions, a Go
              duration (0 turns it off; Trident''s default 5m0s).'
            type: str
          iscsi_self_healing_wait_time:
            description:
            - 'iscsiSelfHealingWaitTime: how long an iSCSI session stays stale before Trident
              logs out and in again, a Go duration (Trident''s default 7m0s).'
            type: str
          probe_port:
            description:
            - 'probePort: port of the node pods'' liveness and readiness probes (Trident''s
              default 17546).'
            type: int
          kubelet_dir:
            description:
            - 'kubeletDir: the kubelet''s root directory on the nodes (Trident''s default /var/lib/kubelet).'
            type: str
          host_network:
            description:
            - 'hostNetwork: run the Trident controller pod in the host network (Trident >= 25.10).'
            type: bool
          enable_concurrency:
            description:
            - 'enableConcurrency: Trident''s concurrent core (Trident >= 25.06, tech preview);
              it refuses backends of drivers it does not support yet.'
            type: bool
          enable_auto_backend_config:
            description:
            - 'enableAutoBackendConfig (Trident >= 25.02): set by Trident''s Helm chart with
              a TridentConfigurator; the operator does not act on it.'
            type: bool
          resources:
            description:
            - 'resources: CPU and memory requests and limits of Trident''s containers (Trident
              >= 25.10). The operator keeps its default request for what is left out, and refuses
              a request above its limit.'
            type: dict
            suboptions:
              controller:
                description:
                - 'Per container of the controller pod: trident-main, csi-provisioner, csi-attacher,
                  csi-resizer, csi-snapshotter, trident-autosupport.'
                type: dict
              node:
                description:
                - Node pods, per operating system.
                type: dict
                suboptions:
                  linux:
                    description:
                    - 'Per container of the Linux node pods: trident-main, node-driver-registrar.'
                    type: dict
                  windows:
                    description:
                    - 'Per container of the Windows node pods: trident-main, node-driver-registrar,
                      liveness-probe.'
                    type: dict
          enable_acp:
            description:
            - 'enableACP: the Astra Control Provisioner sidecar (Trident 24.06; ignored from
              24.10, where it is built in).'
            type: bool
          acp_image:
            description:
            - 'acpImage: the Astra Control Provisioner image (Trident 24.06; ignored from 24.10).'
            type: str
          uninstall:
            description:
            - 'uninstall: true makes the operator uninstall Trident (keeping its CRDs and volumes
              unless wipeout says crds). Backends cannot become ready then.'
            type: bool
          wipeout:
            description:
            - 'wipeout: with uninstall, ''crds'' also deletes Trident''s CRDs and every Trident
              object (all Trident state).'
            type: list
            elements: str
          skip_crds_to_obliviate:
            description:
            - 'skipCRDsToObliviate: CRD names wipeout keeps (Trident >= 25.06).'
            type: list
            elements: str
          labels:
            description:
            - Labels of the TridentOrchestrator object (e.g. a team label), merged with the
              labels tridentops adds; the operator does not copy them to what it installs. tridentops'
              own labels are refused.
            type: dict
          annotations:
            description:
            - Annotations of the TridentOrchestrator object (e.g. argocd.argoproj.io/sync-options),
              kept as written. tridentops.io/ keys, kubectl's last-applied configuration and
              Helm's release annotations are refused.
            type: dict
      backends:
        description:
        - TridentBackendConfigs, one per ONTAP or FSx SVM connection.
        type: list
        elements: dict
        suboptions:
          name:
            description:
            - TridentBackendConfig name (and Trident backend name unless backend_name is set).
            type: str
            required: true
          driver:
            description:
            - Trident storage driver (storageDriverName).
            type: str
            required: true
            choices:
            - ontap-nas
            - ontap-nas-economy
            - ontap-nas-flexgroup
            - ontap-san
            - ontap-san-economy
          backend_name:
            description:
            - Trident's backend name (backendName). Left out, the TridentBackendConfig has no
              backendName and Trident names the backend after the TridentBackendConfig (name).
              Set it to keep the name of a backend created another way (tridentctl names them
              after the driver and data LIF, e.g. ontapnas_10.0.0.2).
            type: str
          management_lif:
            description:
            - Cluster or SVM management LIF (IP, [IPv6] or DNS name), optionally with ':port'
              as Trident takes it (written as given). Optional with aws.fsx_filesystem_id.
            type: str
          data_lif:
            description:
            - NAS data LIF. Not for SAN (Trident uses Selective LUN Map).
            type: str
          svm:
            description:
            - SVM name; derived from an SVM management LIF when omitted.
            type: str
          credentials:
            description:
            - 'Credentials: an existing Secret, inline values, or a Secrets Manager ARN.'
            type: dict
            required: true
            suboptions:
              name:
                description:
                - An existing Secret's name (type secret), the Secret to render (with inline
                  values), or a Secrets Manager ARN (type awsarn).
                type: str
              type:
                description:
                - Kind of reference Trident resolves. Left out, Trident reads a Kubernetes Secret
                  (as with secret), and the TridentBackendConfig's credentials carry no type
                  key; set secret to write it.
                type: str
                choices:
                - secret
                - awsarn
              username:
                description:
                - ONTAP user (SVM-scoped vsadmin or cluster admin).
                type: str
              password:
                description:
                - Password of that user.
                type: str
              client_private_key:
                description:
                - Base64 private key for certificate authentication.
                type: str
              chap_username:
                description:
                - iSCSI CHAP user (use_chap).
                type: str
              chap_initiator_secret:
                description:
                - iSCSI CHAP initiator secret.
                type: str
              chap_target_username:
                description:
                - iSCSI CHAP target user.
                type: str
              chap_target_initiator_secret:
                description:
                - iSCSI CHAP target secret.
                type: str
          aws:
            description:
            - Amazon FSx for NetApp ONTAP connection.
            type: dict
            suboptions:
              fsx_filesystem_id:
                description:
                - Amazon FSx for NetApp ONTAP file system id; Trident finds the SVM's management
                  LIF from it.
                type: str
              file_system:
                description:
                - 'Instead of fsx_filesystem_id: the name of the spec''s aws.file_system, whose
                  id (and SVM, credentials secret, region) tridentops fills in once the file
                  system exists.'
                type: str
              api_region:
                description:
                - AWS region of the file system (defaults to Trident's).
                type: str
              api_key:
                description:
                - 'Static AWS access key id (apiKey) Trident uses for the FSx API instead of
                  its pod''s IAM role. It is written into the TridentBackendConfig itself: prefer
                  the role.'
                type: str
              secret_key:
                description:
                - Static AWS secret access key (secretKey) paired with api_key.
                type: str
          nas_type:
            description:
            - NAS protocol (NAS drivers).
            type: str
            choices:
            - nfs
            - smb
          san_type:
            description:
            - 'SAN protocol (SAN drivers): iscsi, nvme or fcp (Trident 24.10+), in any case,
              as Trident lower-cases it (written as given). Trident''s default is iscsi.'
            type: str
          use_rest:
            description:
            - Force ONTAP REST (true) or ZAPI (false).
            type: bool
          use_chap:
            description:
            - Bidirectional CHAP for iSCSI (SAN drivers).
            type: bool
          smb_share:
            description:
            - SMB share (nas_type smb).
            type: str
          nfs_mount_options:
            description:
            - NFS mount options when the class sets none.
            type: str
          auto_export_policy:
            description:
            - Let Trident manage export policies.
            type: bool
          auto_export_cidrs:
            description:
            - CIDRs auto export policies admit.
            type: list
            elements: str
          storage_prefix:
            description:
            - Prefix of volume names on the array; cannot change later.
            type: str
          aggregate:
            description:
            - Aggregate to provision in.
            type: str
          flexgroup_aggregate_list:
            description:
            - Aggregates for FlexGroups.
            type: list
            elements: str
          limits:
            description:
            - Size and density limits.
            type: dict
            suboptions:
              volume_size:
                description:
                - 'Largest volume Trident may create (limitVolumeSize), as Trident reads sizes:
                  an integer with an optional unit, any case; k/m/g/t with or without i are
                  binary (50G is 50 GiB), kb/mb/gb/tb decimal.'
                type: str
              volume_pool_size:
                description:
                - Largest FlexVol for economy drivers (limitVolumePoolSize); same size grammar
                  as volume_size.
                type: str
              aggregate_usage:
                description:
                - Refuse new volumes above this aggregate usage percentage (limitAggregateUsage;
                  not for FSx). An integer is written with '%' (80 -> '80%'); a string (80,
                  80%, 80.5%) is written as given.
                type: raw
              qtrees_per_flexvol:
                description:
                - Qtrees per FlexVol, ontap-nas-economy only.
                type: int
              luns_per_flexvol:
                description:
                - LUNs per FlexVol, ontap-san-economy only.
                type: int
              deny_new_volume_pools:
                description:
                - 'Economy drivers: only reuse existing FlexVols (denyNewVolumePools, Trident
                  24.10+). A string is one of Go''s boolean spellings (true, false, 1, 0, t,
                  f, ...) and is written as given.'
                type: raw
          labels:
            description:
            - Labels every pool of this backend offers.
            type: dict
          region:
            description:
            - Topology region.
            type: str
          zone:
            description:
            - Topology zone.
            type: str
          supported_topologies:
            description:
            - CSI topology segments.
            type: list
            elements: dict
          defaults:
            description:
            - Volume defaults, with Trident's names.
            type: dict
          virtual_pools:
            description:
            - Virtual pools (Trident's storage list).
            type: list
            elements: dict
            suboptions:
              labels:
                description:
                - Labels the pool offers to StorageClass selectors.
                type: dict
              region:
                description:
                - Topology region the pool serves.
                type: str
              zone:
                description:
                - Topology zone the pool serves.
                type: str
              supported_topologies:
                description:
                - CSI topology segments (topology.kubernetes.io/region and /zone).
                type: list
                elements: dict
              defaults:
                description:
                - Volume defaults for this pool, with Trident's names (spaceReserve, snapshotPolicy,
                  encryption, ...).
                type: dict
              smb_share:
                description:
                - smbShare of this pool (NAS drivers). Trident 26.06 parses it but uses the
                  backend's smb_share only.
                type: str
              use_balanced_placement:
                description:
                - useBalancedPlacement for this pool (Trident 26.06+); overrides the backend's.
                  true lets ONTAP place volumes (REST only, not with aggregate or flexgroup_aggregate_list).
                  A string is one of Go's boolean spellings, written as given.
                type: raw
              nas_type:
                description:
                - nasType this pool offers instead of the backend's (Trident up to 26.02; 26.06
                  ignores a pool's nasType). Only 'smb' selects SMB, as in Trident.
                type: str
              san_type:
                description:
                - sanType of this pool (Trident up to 26.02, which refuses a pool whose sanType
                  differs from the backend's; 26.06 ignores it). Any case, as Trident lower-cases
                  it.
                type: str
          deletion_policy:
            description:
            - 'delete or retain (any case, as Trident reads it): retain keeps the Trident backend
              when the TridentBackendConfig is deleted. Left out, the TridentBackendConfig has
              no deletionPolicy and Trident deletes the backend with it (as delete).'
            type: str
          replication_policy:
            description:
            - SnapMirror policy for mirror relationships.
            type: str
          replication_schedule:
            description:
            - SnapMirror schedule for mirror relationships.
            type: str
          client_certificate:
            description:
            - Base64 client certificate (certificate auth).
            type: str
          trusted_ca_certificate:
            description:
            - Base64 CA certificate that signed the array's.
            type: str
          user_state:
            description:
            - 'normal or suspended (any case, as Trident lower-cases it); suspended: no new
              volumes.'
            type: str
          igroup_name:
            description:
            - igroupName (SAN drivers). Trident's CSI plugin ignores it with a warning and makes
              per-node igroups; kept so an existing backend that sets it renders unchanged.
            type: str
          usage_heartbeat:
            description:
            - 'usageHeartbeat: hours between the EMS usage heartbeats Trident sends to ONTAP,
              a number as Go''s ParseFloat reads it (Trident''s default 24; 0 or less sends
              none).'
            type: str
          clone_split_delay:
            description:
            - 'cloneSplitDelay: seconds before Trident splits a clone from its snapshot, a positive
              integer (Trident''s default 86400; Trident refuses the backend otherwise).'
            type: str
          qtree_prune_flexvols_period:
            description:
            - 'qtreePruneFlexvolsPeriod (ontap-nas-economy): seconds between prunes of empty
              FlexVols, a positive integer (Trident''s default 600).'
            type: str
          qtree_quota_resize_period:
            description:
            - 'qtreeQuotaResizePeriod (ontap-nas-economy): seconds between FlexVol resizes to
              fit the qtree quotas, a positive integer (Trident''s default 60).'
            type: str
          empty_flexvol_deferred_delete_period:
            description:
            - 'emptyFlexvolDeferredDeletePeriod (ontap-nas-economy): seconds an empty FlexVol
              stays before it is deleted, an integer of 0 or more (Trident''s default 28800).'
            type: str
          use_balanced_placement:
            description:
            - 'useBalancedPlacement (Trident 26.06+): true lets ONTAP place volumes (REST only,
              not with aggregate or flexgroup_aggregate_list); Trident''s default is false,
              true on AFX. A string is one of Go''s boolean spellings, written as given.'
            type: raw
          debug_trace_flags:
            description:
            - 'debugTraceFlags: extra driver logging by topic, e.g. {api: true, method: true}.'
            type: dict
          object_labels:
            description:
            - Labels of the TridentBackendConfig object itself (e.g. a team label), merged with
              the labels tridentops adds; not the pools' labels (labels) nor the credentials
              Secret's. tridentops' own labels are refused.
            type: dict
          object_annotations:
            description:
            - Annotations of the TridentBackendConfig object (e.g. argocd.argoproj.io/sync-wave),
              kept as written. tridentops.io/ keys, kubectl's last-applied configuration and
              Helm's release annotations are refused.
            type: dict
      storage_classes:
        description:
        - StorageClasses served by Trident.
        type: list
        elements: dict
        suboptions:
          name:
            description:
            - StorageClass name.
            type: str
            required: true
          default:
            description:
            - 'The annotation storageclass.kubernetes.io/is-default-class: true makes this the
              cluster''s default StorageClass (exactly one may be), false writes it as false;
              unset writes none.'
            type: bool
          attributes:
            description:
            - 'Trident storage attributes, with Trident''s names: backendType, media, provisioningType,
              snapshots, clones, encryption, replication, IOPS, region, zone, nasType, sanType,
              labels (a pool label selector, matched like selector), and fsType, which Trident
              skips. A key may carry the prefix trident.netapp.io/ and is written as given:
              Trident strips the prefix, except that from 25.06 the parameter trident.netapp.io/nasType:
              smb (prefixed, exactly) also turns on secure SMB share access control.'
            type: dict
          selector:
            description:
            - Pool label selector in Trident's syntax, e.g. 'performance=gold; protection in
              (high,max)'.
            type: str
          storage_pools:
            description:
            - 'Restrict to pools: ''backendRegex:poolRegex,...;...''.'
            type: str
          additional_storage_pools:
            description:
            - Also allow these pools whatever the attributes.
            type: str
          required_storage:
            description:
            - Trident's deprecated name of additional_storage_pools (parameter requiredStorage),
              kept for classes that carry it; prefer additional_storage_pools.
            type: str
          exclude_storage_pools:
            description:
            - Never use these pools.
            type: str
          prefixed_parameters:
            description:
            - Of the parameters selector, storagePools, additionalStoragePools, requiredStorage
              and excludeStoragePools, those written with the prefix trident.netapp.io/ (Trident
              reads both spellings alike); attributes keep the spelling of their keys.
            type: list
            elements: str
          fs_type:
            description:
            - File system (csi.storage.k8s.io/fstype), e.g. ext4, xfs or nfs.
            type: str
          csi_parameters:
            description:
            - Extra CSI parameters, keys prefixed csi.storage.k8s.io/ (e.g. node-stage secrets
              for LUKS or SMB).
            type: dict
          reclaim_policy:
            description:
            - What happens to a volume when its PVC goes (reclaimPolicy). Unset leaves it to
              Kubernetes, which sets Delete when it creates the class.
            type: str
            choices:
            - Delete
            - Retain
          volume_binding_mode:
            description:
            - When volumes are provisioned (volumeBindingMode; WaitForFirstConsumer for CSI
              topology). Unset leaves it to Kubernetes, which sets Immediate when it creates
              the class.
            type: str
            choices:
            - Immediate
            - WaitForFirstConsumer
          allow_volume_expansion:
            description:
            - Let PVCs of this class grow (allowVolumeExpansion). Unset writes no key, which
              means false.
            type: bool
          mount_options:
            description:
            - Mount options; override the backend's nfs_mount_options.
            type: list
            elements: str
          allowed_topologies:
            description:
            - 'allowedTopologies: a list of terms, each a map of topology label key to the values
              allowed, e.g. [{topology.kubernetes.io/zone: [us-east-1a, us-east-1b]}]; a volume
              may go where any term matches.'
            type: list
            elements: dict
          selector_annotation:
            description:
            - 'Annotation trident.netapp.io/selector (Trident 25.06+): replaces the selector
              parameter, so the selector can change without re-creating the class.'
            type: str
          additional_storage_pools_annotation:
            description:
            - 'Annotation trident.netapp.io/additionalStoragePools (Trident 26.02+): overrides
              the additionalStoragePools parameter and can change without re-creating the class.'
            type: str
          autogrow_policy:
            description:
            - 'Annotation trident.netapp.io/autogrowPolicy (Trident 26.02+): the TridentAutogrowPolicy
              for this class''s volumes, or none. Trident lower-cases the name and replaces
              characters other than a-z, 0-9, ''.'' and ''-'' by ''-''.'
            type: str
          smb_share_ad_user:
            description:
            - 'Annotation trident.netapp.io/smbShareAdUser (Trident 25.06+): the Active Directory
              user given access to each SMB share (secure SMB; needs attributes trident.netapp.io/nasType:
              smb).'
            type: str
          smb_share_ad_user_permission:
            description:
            - 'Annotation trident.netapp.io/smbShareAdUserPermission (Trident 25.06+): that
              user''s share permission; Trident''s default is full_control.'
            type: str
            choices:
            - full_control
            - read
            - change
            - no_access
          labels:
            description:
            - Extra labels of the StorageClass object (tridentops adds its own).
            type: dict
          annotations:
            description:
            - Extra annotations of the StorageClass object, kept as written; the default-class
              annotation and Trident's annotations have fields of their own.
            type: dict
      snapshot_classes:
        description:
        - VolumeSnapshotClasses for Trident's driver.
        type: list
        elements: dict
        suboptions:
          name:
            description:
            - VolumeSnapshotClass name.
            type: str
            required: true
          default:
            description:
            - 'The annotation snapshot.storage.kubernetes.io/is-default-class: true makes this
              the default VolumeSnapshotClass for Trident''s driver, false writes it as false;
              unset writes none.'
            type: bool
          deletion_policy:
            description:
            - Whether the ONTAP snapshot goes when the VolumeSnapshot is deleted.
            type: str
            default: Delete
            choices:
            - Delete
            - Retain
          parameters:
            description:
            - Parameters for the CSI snapshotter, e.g. csi.storage.k8s.io/snapshotter-secret-name
              and -namespace; Trident reads none of them.
            type: dict
          labels:
            description:
            - Extra labels of the VolumeSnapshotClass object (tridentops adds its own).
            type: dict
          annotations:
            description:
            - Extra annotations of the VolumeSnapshotClass object, kept as written (the default-class
              annotation is the default field).
            type: dict
      autogrow_policies:
        description:
        - 'TridentAutogrowPolicies (Trident 26.02 or later): when and by how much Trident grows
          a volume; classes and claims name one in the annotation trident.netapp.io/autogrowPolicy.'
        type: list
        elements: dict
        suboptions:
          name:
            description:
            - Name of the TridentAutogrowPolicy (cluster-scoped); classes and claims name it
              in the annotation trident.netapp.io/autogrowPolicy. Not 'none', the annotation
              value that turns autogrow off.
            type: str
            required: true
          used_threshold:
            description:
            - 'usedThreshold: the share of the volume in use at which Trident grows it, a percentage
              from 1% to 99% (decimals allowed, e.g. 80% or 85.5%).'
            type: str
            required: true
          growth_amount:
            description:
            - 'growthAmount: how much Trident adds at a time, a percentage of the volume''s
              size (at least 1%, e.g. 10%) or a size with a unit (e.g. 5Gi). Left out, the object
              leaves it out and Trident grows by 10% (the CRD''s default).'
            type: str
          max_size:
            description:
            - 'maxSize: the size Trident stops growing at, a size with a unit (e.g. 500Gi),
              or 0 for no limit. Left out, the object leaves it out (the CRD''s default, 0:
              no limit).'
            type: str
      aws:
        description:
        - Amazon FSx for NetApp ONTAP resources tridentops creates (file system, SVM and its
          credentials secret, Trident's IAM role, EKS add-on); backends refer to the file system
          by name.
        type: dict
        suboptions:
          region:
            description:
            - AWS region of the file system, the secret and the EKS cluster.
            type: str
            required: true
          file_system:
            description:
            - The FSx for NetApp ONTAP file system.
            type: dict
            required: true
            suboptions:
              name:
                description:
                - 'Value of the file system''s Name tag: its identity for tridentops (found
                  by it, never created twice).'
                type: str
                required: true
              deployment_type:
                description:
                - SINGLE_AZ_1 and MULTI_AZ_1 (first generation), SINGLE_AZ_2 (up to 12 HA pairs)
                  or MULTI_AZ_2.
                type: str
                required: true
                choices:
                - SINGLE_AZ_1
                - SINGLE_AZ_2
                - MULTI_AZ_1
                - MULTI_AZ_2
              storage_capacity_gib:
                description:
                - 'SSD storage capacity in GiB: 1024 to 524288 per HA pair, at most 196608 for
                  the first generation and 524288 for MULTI_AZ_2. Can grow in place, never shrink.'
                type: int
                required: true
              subnet_ids:
                description:
                - 'Subnets of the file system''s endpoints: one for single-AZ, two in different
                  Availability Zones for multi-AZ.'
                type: list
                required: true
                elements: str
              throughput_capacity:
                description:
                - Throughput in MBps of a one-HA-pair file system (128 to 4096 for the first
                  generation, 384 to 6144 for MULTI_AZ_2, 1536 to 6144 for SINGLE_AZ_2). Give
                  this or throughput_capacity_per_ha_pair. Changes in place.
                type: int
              ha_pairs:
                description:
                - 'HA pairs (SINGLE_AZ_2: 1 to 12; MULTI_AZ_2: 1), with throughput_capacity_per_ha_pair.'
                type: int
              throughput_capacity_per_ha_pair:
                description:
                - Throughput per HA pair in MBps, instead of throughput_capacity. Changes in
                  place.
                type: int
              preferred_subnet_id:
                description:
                - 'Multi-AZ only (required there): the subnet of the active file server, one
                  of subnet_ids.'
                type: str
              route_table_ids:
                description:
                - 'Multi-AZ only: route tables FSx adds the floating endpoint routes to (the
                  VPC''s default one otherwise).'
                type: list
                elements: str
              security_group_ids:
                description:
                - 'Security groups of the file system''s interfaces: they must admit NFS or
                  iSCSI from the nodes and HTTPS (ONTAP REST) from the Trident controller. Fixed
                  at creation.'
                type: list
                elements: str
              endpoint_ip_address_range:
                description:
                - 'Multi-AZ only: IPv4 range of the floating endpoints (AWS picks one in 198.19.0.0/16
                  otherwise).'
                type: str
              kms_key_id:
                description:
                - KMS key encrypting the file system at rest (the AWS managed key otherwise).
                  Fixed at creation.
                type: str
              automatic_backup_retention_days:
                description:
                - Days AWS keeps automatic daily backups (0 turns them off; 0 to 90).
                type: int
              daily_automatic_backup_start_time:
                description:
                - HH:MM (UTC) the daily backup starts.
                type: str
              weekly_maintenance_start_time:
                description:
                - d:HH:MM (UTC; d is 1 for Monday to 7 for Sunday) the weekly maintenance window
                  starts.
                type: str
              disk_iops:
                description:
                - SSD IOPS of the file system.
                type: dict
                suboptions:
                  mode:
                    description:
                    - 'AUTOMATIC: 3 SSD IOPS per GiB of storage. USER_PROVISIONED: the number
                      in iops.'
                    type: str
                    default: AUTOMATIC
                    choices:
                    - AUTOMATIC
                    - USER_PROVISIONED
                  iops:
                    description:
                    - Provisioned SSD IOPS (USER_PROVISIONED only; at least 3 per GiB of storage).
                    type: int
              fsxadmin_password_secret:
                description:
                - Name or ARN of a Secrets Manager secret holding the fsxadmin password (a plain
                  string, or JSON with a password key). Read once, at creation; never a password
                  in the spec. Trident does not need fsxadmin.
                type: str
              tags:
                description:
                - Tags of the file system, besides its Name tag.
                type: dict
          svm:
            description:
            - The storage virtual machine Trident's backends use, and its credentials secret.
            type: dict
            required: true
            suboptions:
              name:
                description:
                - Name of the storage virtual machine Trident uses (letters, digits and _; at
                  most 47).
                type: str
                required: true
              root_volume_security_style:
                description:
                - 'Security style of the SVM''s root volume: UNIX for NFS and iSCSI, NTFS or
                  MIXED with SMB.'
                type: str
                default: UNIX
                choices:
                - UNIX
                - NTFS
                - MIXED
              credentials_secret:
                description:
                - 'Name of the Secrets Manager secret tridentops creates and owns, holding {username:
                  vsadmin, password} as Trident reads it (backends use it with credentials type
                  awsarn). The password is generated unless given to the module, and goes only
                  to the SVM and this secret.'
                type: str
                required: true
          trident_identity:
            description:
            - The IAM role Trident's controller uses for FSx and Secrets Manager, and how it
              gets it.
            type: dict
            suboptions:
              mode:
                description:
                - 'irsa: IAM roles for service accounts (trust on the cluster''s OIDC provider;
                  Trident gets cloudIdentity). pod_identity: an EKS Pod Identity association
                  for the trident-controller ServiceAccount; leave trident.cloud_provider and
                  cloud_identity out (Trident''s operator refuses cloudProvider AWS without
                  a cloudIdentity, and the AWS SDK in Trident''s controller takes the association''s
                  credentials without either).'
                type: str
                required: true
                choices:
                - irsa
                - pod_identity
              role_name:
                description:
                - IAM role the Trident controller assumes.
                type: str
                required: true
              policy_name:
                description:
                - 'Customer managed IAM policy: NetApp''s FSx actions for Trident and GetSecretValue
                  on the SVM''s secret only.'
                type: str
                required: true
              eks_cluster_name:
                description:
                - EKS cluster of the Pod Identity association (pod_identity).
                type: str
              oidc_provider_arn:
                description:
                - 'ARN of the EKS cluster''s IAM OIDC provider (irsa): arn:aws:iam::<account>:oidc-provider/
                  followed by the cluster''s OIDC issuer without https://.'
                type: str
          eks_addon:
            description:
            - Install Trident with its EKS add-on (with trident.install_method eks_addon).
            type: dict
            suboptions:
              cluster_name:
                description:
                - EKS cluster to install Trident's add-on (netapp_trident-operator) in.
                type: str
                required: true
              version:
                description:
                - 'Add-on version (v26.6.0-eksbuild.1), or latest: the newest the cluster''s
                  Kubernetes version is offered.'
                type: str
                default: latest
      namespaces:
        description:
        - 'Team namespaces to onboard: quota per StorageClass, limits, a RoleBinding for the
          team, the VolumeSnapshotClass to use.'
        type: list
        elements: dict
        suboptions:
          name:
            description:
            - Namespace name.
            type: str
            required: true
          team_groups:
            description:
            - Groups (as the cluster's authentication names them) bound to role in the namespace.
            type: list
            elements: str
          team_users:
            description:
            - Users bound to role in the namespace.
            type: list
            elements: str
          role:
            description:
            - 'ClusterRole the team gets in its namespace (edit, admin, view or a role of the
              cluster''s own; not cluster-admin nor a system: role).'
            type: str
            default: edit
          labels:
            description:
            - Labels of the namespace.
            type: dict
          storage_quotas:
            description:
            - Storage the namespace may use, per StorageClass; classes not listed are not limited
              by class.
            type: list
            elements: dict
            suboptions:
              storage_class:
                description:
                - StorageClass the quota applies to.
                type: str
                required: true
              requests_storage:
                description:
                - Total storage PVCs of this class may request in the namespace (e.g. 500Gi).
                type: str
              persistent_volume_claims:
                description:
                - Number of PVCs of this class the namespace may hold (0 forbids the class).
                type: int
          total_storage:
            description:
            - Storage all PVCs of the namespace may request together, whatever their class.
            type: str
          total_claims:
            description:
            - PVCs the namespace may hold, whatever their class.
            type: int
          limits:
            description:
            - Claim sizes and container defaults (a LimitRange).
            type: dict
            suboptions:
              claim_min:
                description:
                - Smallest PVC the namespace may request.
                type: str
              claim_max:
                description:
                - Largest PVC the namespace may request.
                type: str
              container_cpu:
                description:
                - Default CPU limit of containers that set none (e.g. 500m).
                type: str
              container_memory:
                description:
                - Default memory limit of containers that set none (e.g. 512Mi).
                type: str
              container_cpu_request:
                description:
                - Default CPU request of containers that set none.
                type: str
              container_memory_request:
                description:
                - Default memory request of containers that set none.
                type: str
          default_snapshot_class:
            description:
            - VolumeSnapshotClass the team should use, noted on the namespace (annotation
              tridentops.io/default-snapshot-class).
            type: str
      protect:
        description:
        - 'Trident protect: its installation, AppVaults, Applications and Schedules.'
        type: dict
        suboptions:
          version:
            description:
            - Trident protect release (YY.MM.patch); pins the controller image (and the Helm
              chart 100.YYMM.patch).
            type: str
            default: 26.06.0
          namespace:
            description:
            - Namespace Trident protect runs in; AppVaults and their credential Secrets live
              here.
            type: str
            default: trident-protect
          install_method:
            description:
            - 'manifests: tridentops applies the chart''s objects of the pinned release (namespace,
              CRDs, RBAC, controller Deployment). external: Trident protect is installed by
              other means (its Helm chart); tridentops only manages vaults, applications and
              schedules, once protect''s CRDs are registered.'
            type: str
            default: manifests
            choices:
            - manifests
            - external
          cluster_name:
            description:
            - Name of this cluster for Trident protect (the chart's clusterName). Required with
              install_method manifests.
            type: str
          image_registry:
            description:
            - Registry mirroring docker.io/netapp's protect images (air-gapped installs).
            type: str
          image_pull_secrets:
            description:
            - Secrets (in the protect namespace) used to pull images.
            type: list
            elements: str
          vaults:
            description:
            - 'AppVaults: the buckets backups go to.'
            type: list
            elements: dict
            suboptions:
              name:
                description:
                - AppVault name (it lives in the protect namespace).
                type: str
                required: true
              provider:
                description:
                - 'Object store type (providerType): AWS (Amazon S3), Azure, GCP, GenericS3,
                  OntapS3 or StorageGridS3.'
                type: str
                required: true
                choices:
                - AWS
                - Azure
                - GCP
                - GenericS3
                - OntapS3
                - StorageGridS3
              bucket:
                description:
                - 'Bucket (Azure: container) holding the backups.'
                type: str
                required: true
              endpoint:
                description:
                - S3 endpoint as host[:port], no scheme. Required for GenericS3, OntapS3 and
                  StorageGridS3; AWS defaults to s3.amazonaws.com (s3.<region>.amazonaws.com
                  with region).
                type: str
              region:
                description:
                - AWS region of the bucket (AWS only).
                type: str
              secure:
                description:
                - Use HTTPS to reach the endpoint (S3 providers).
                type: bool
                default: true
              skip_cert_validation:
                description:
                - Do not verify the endpoint's TLS certificate (S3 providers).
                type: bool
                default: false
              credentials_secret:
                description:
                - 'Name of an existing Secret in the protect namespace holding the provider''s
                  keys: accessKeyID and secretAccessKey (S3 providers), accountKey (Azure),
                  credentials (GCP, the service account JSON). Referenced only: tridentops never
                  writes it nor shows its values.'
                type: str
              use_iam:
                description:
                - 'AWS only: the protect controller reaches the bucket with its own IAM identity
                  (EKS Pod Identity or IRSA) instead of a Secret.'
                type: bool
                default: false
              account_name:
                description:
                - Azure storage account name (Azure only).
                type: str
              project_id:
                description:
                - Google Cloud project id (GCP only).
                type: str
              data_mover_password_secret:
                description:
                - Secret holding the Kopia/Restic repository password (dataMoverPasswordSecretRef);
                  Trident protect creates a default one when omitted.
                type: str
          applications:
            description:
            - Applications Trident protect manages (namespaces and label selectors).
            type: list
            elements: dict
            suboptions:
              name:
                description:
                - Application name (metadata.name of the Application).
                type: str
                required: true
              namespace:
                description:
                - 'Namespace the Application lives in: the application''s own namespace (snapshots,
                  backups and schedules of it go there too).'
                type: str
                required: true
              included_namespaces:
                description:
                - 'Namespaces (with optional label selectors) that make up the application;
                  they must include its own namespace. Empty: the application''s namespace,
                  whole.'
                type: list
                elements: dict
                suboptions:
                  namespace:
                    description:
                    - Namespace holding (part of) the application.
                    type: str
                    required: true
                  match_labels:
                    description:
                    - 'Only resources with these labels (labelSelector.matchLabels); empty:
                      all of the namespace.'
                    type: dict
                  match_expressions:
                    description:
                    - Further label requirements (labelSelector.matchExpressions).
                    type: list
                    elements: dict
                    suboptions:
                      key:
                        description:
                        - Label key.
                        type: str
                        required: true
                      operator:
                        description:
                        - How the key's value is compared.
                        type: str
                        required: true
                        choices:
                        - In
                        - NotIn
                        - Exists
                        - DoesNotExist
                      values:
                        description:
                        - Values for In and NotIn.
                        type: list
                        elements: str
          schedules:
            description:
            - Scheduled snapshots and backups of the applications.
            type: list
            elements: dict
            suboptions:
              name:
                description:
                - Schedule name (in the application's namespace).
                type: str
                required: true
              application:
                description:
                - Name of the Application to protect.
                type: str
                required: true
              vault:
                description:
                - Name of the AppVault backups go to.
                type: str
                required: true
              granularity:
                description:
                - 'How often: Hourly (needs minute), Daily (minute, hour), Weekly (minute, hour,
                  day_of_week), Monthly (minute, hour, day_of_month), Custom (recurrence_rule).'
                type: str
                required: true
                choices:
                - Hourly
                - Daily
                - Weekly
                - Monthly
                - Custom
              minute:
                description:
                - Minute of the hour (0 to 59).
                type: int
              hour:
                description:
                - Hour of the day, UTC (0 to 23).
                type: int
              day_of_week:
                description:
                - Day of the week (0 to 7; 0 and 7 are Sunday).
                type: int
              day_of_month:
                description:
                - Day of the month (1 to 31).
                type: int
              recurrence_rule:
                description:
                - 'Custom only: iCalendar DTSTART and RRULE lines separated by a newline (DTSTART:20250106T000100Z,
                  then RRULE:FREQ=MINUTELY;INTERVAL=30).'
                type: str
              backup_retention:
                description:
                - Backups to keep; 0 takes snapshots only.
                type: int
                default: 3
              snapshot_retention:
                description:
                - Snapshots to keep.
                type: int
                default: 3
              data_mover:
                description:
                - Data mover for backups.
                type: str
                default: Kopia
                choices:
                - Kopia
                - Restic
              backup_reclaim_policy:
                description:
                - Whether a backup's data goes when its Backup resource is deleted.
                type: str
                default: Retain
                choices:
                - Retain
                - Delete
              snapshot_reclaim_policy:
                description:
                - Whether a snapshot's data goes when its Snapshot resource is deleted.
                type: str
                default: Delete
                choices:
                - Retain
                - Delete
              enabled:
                description:
                - Run the schedule (false pauses it).
                type: bool
                default: true
      monitoring:
        description:
        - prometheus-operator ServiceMonitor for Trident's metrics and alert rules worth paging
          on.
        type: dict
        suboptions:
          enabled:
            description:
            - Render the ServiceMonitor and PrometheusRule.
            type: bool
            default: true
          namespace:
            description:
            - Namespace of the ServiceMonitor and PrometheusRule (where Prometheus looks for
              them).
            type: str
            default: monitoring
          labels:
            description:
            - 'Labels Prometheus selects ServiceMonitors and rules by (its serviceMonitorSelector
              and ruleSelector), e.g. release: prom-operator.'
            type: dict
          interval:
            description:
            - Scrape interval.
            type: str
            default: 30s
          tls_secret:
            description:
            - 'With trident.metrics.https: Secret in this namespace holding Trident''s client
              certificate (keys caCert, clientCert, clientKey). prometheus-operator reads it
              from the ServiceMonitor''s namespace, so copy Trident''s Secret trident-csi here
              when the namespaces differ.'
            type: str
            default: trident-csi
          alerts:
            description:
            - Alert rules worth paging on.
            type: dict
            suboptions:
              enabled:
                description:
                - Render the PrometheusRule with Trident's alerts.
                type: bool
                default: true
              labels:
                description:
                - 'Extra labels on every alert (routing in Alertmanager, e.g. team: storage).'
                type: dict
              backend_offline_for:
                description:
                - How long a backend may be offline or failed before TridentBackendNotOnline
                  fires.
                type: str
                default: 10m
              failed_operations:
                description:
                - Failed Trident operations (volume create, resize, snapshot, ...) within failed_operations_window
                  that fire TridentOperationsFailing.
                type: int
                default: 3
              failed_operations_window:
                description:
                - Window over which failed operations are counted.
                type: str
                default: 15m
              max_volumes_per_backend:
                description:
                - Volumes one backend may hold (the SVM's or array's limit); TridentVolumeCountNearLimit
                  fires at near_limit_percent of it. No alert when unset.
                type: int
              max_allocated_per_backend:
                description:
                - Capacity one backend may allocate (e.g. the FSx file system's or aggregate's
                  size, 10Ti); TridentCapacityNearLimit fires at near_limit_percent of it. No
                  alert when unset.
                type: str
              near_limit_percent:
                description:
                - Percentage of a limit at which the near-limit alerts fire.
                type: int
                default: 80
  src:
    description:
    - Path of a YAML file holding the storage spec (the fields of O(spec)), on the host that
      runs the module.
    type: path
"""

    TRIDENT_OPTIONS: str = _options(DOCUMENTATION, ("trident",))
    BACKEND_OPTIONS: str = _options(DOCUMENTATION, ("backends",), optional=("driver", "credentials"))
    STORAGE_CLASS_OPTIONS: str = _options(DOCUMENTATION, ("storage_classes",))
    SNAPSHOT_CLASS_OPTIONS: str = _options(DOCUMENTATION, ("snapshot_classes",))
    AUTOGROW_POLICY_OPTIONS: str = _options(DOCUMENTATION, ("autogrow_policies",), optional=("used_threshold",))
    PROTECT_INSTALL_OPTIONS: str = _options(
        DOCUMENTATION, ("protect",), exclude=("vaults", "applications", "schedules")
    )
    PROTECT_VAULT_OPTIONS: str = _options(DOCUMENTATION, ("protect", "vaults"), optional=("provider", "bucket"))
    PROTECT_APP_OPTIONS: str = _options(DOCUMENTATION, ("protect", "applications"))
    PROTECT_SCHEDULE_OPTIONS: str = _options(
        DOCUMENTATION, ("protect", "schedules"), optional=("application", "vault", "granularity")
    )
    MONITORING_OPTIONS: str = _options(DOCUMENTATION, ("monitoring",))
    NAMESPACE_OPTIONS: str = _options(DOCUMENTATION, ("namespaces",))
    FSX_ONTAP_FILESYSTEM_OPTIONS: str = _options(
        DOCUMENTATION, ("aws", "file_system"), optional=("deployment_type", "storage_capacity_gib", "subnet_ids")
    )
    FSX_ONTAP_SVM_OPTIONS: str = _options(DOCUMENTATION, ("aws", "svm"), optional=("credentials_secret",))
    FSX_ONTAP_TRIDENT_IAM_OPTIONS: str = _options(DOCUMENTATION, ("aws", "trident_identity"))
