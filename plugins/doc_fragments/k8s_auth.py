# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options, named, read from the environment and resolved as kubernetes.core's k8s_auth options,
    # so module_defaults carry over. plugins/module_utils/_args.py AUTH_ARG_SPEC is the argument spec.
    DOCUMENTATION = r"""
options:
  kubeconfig:
    description:
      - Path to a kubeconfig file, several paths separated by V(:) (V(;) on Windows), or the kubeconfig itself
        as a dictionary. Several files are merged as C(kubectl) merges them - the first file to define a cluster,
        user or context wins, and C(current-context) comes from the first file that sets one.
      - Can also be set with E(K8S_AUTH_KUBECONFIG). Without either, E(KUBECONFIG) (also a list of paths) is
        used, else C(~/.kube/config) if it exists.
      - Every file named must exist; a missing one fails the task before any request, naming the path.
      - The pod's service account (in-cluster configuration) is used only when no kubeconfig is named, there is
        no C(~/.kube/config), and the task runs in a pod (E(KUBERNETES_SERVICE_HOST) and the account's token are
        there). Otherwise the task fails saying so.
      - Not read at all when O(host) comes with complete credentials (O(api_key), O(username) and O(password),
        or O(client_cert) and O(client_key)).
    type: raw
  context:
    description:
      - The kubeconfig context to use instead of its C(current-context). Can also be set with E(K8S_AUTH_CONTEXT).
    type: str
  host:
    description:
      - URL of the Kubernetes API server. Overrides the kubeconfig's server. Can also be set with E(K8S_AUTH_HOST).
    type: str
  api_key:
    description:
      - Bearer token for the API server. Overrides the kubeconfig's credentials. Can also be set with
        E(K8S_AUTH_API_KEY).
    type: str
  username:
    description:
      - User name for HTTP basic authentication, with O(password). Can also be set with E(K8S_AUTH_USERNAME).
      - Only for API servers that accept basic authentication (C(kube-apiserver) itself no longer does since
        Kubernetes 1.19; an authenticating proxy in front of it may). O(api_key) wins when both are given.
    type: str
  password:
    description:
      - Password for HTTP basic authentication, with O(username). Can also be set with E(K8S_AUTH_PASSWORD).
    type: str
  validate_certs:
    description:
      - Verify the API server's TLS certificate. Can also be set with E(K8S_AUTH_VERIFY_SSL)
        (or E(K8S_AUTH_VALIDATE_CERTS)).
    type: bool
    aliases: [verify_ssl]
  ca_cert:
    description:
      - Path to a CA certificate that signed the API server's certificate (the whole chain). Can also be set with
        E(K8S_AUTH_SSL_CA_CERT) (or E(K8S_AUTH_CA_CERT)).
    type: path
    aliases: [ssl_ca_cert]
  client_cert:
    description:
      - Path to a client certificate. Can also be set with E(K8S_AUTH_CERT_FILE) (or E(K8S_AUTH_CLIENT_CERT)).
    type: path
    aliases: [cert_file]
  client_key:
    description:
      - Path to the client certificate's key. Can also be set with E(K8S_AUTH_KEY_FILE) (or E(K8S_AUTH_CLIENT_KEY)).
    type: path
    aliases: [key_file]
  proxy:
    description:
      - URL of an HTTP proxy for API requests. Can also be set with E(K8S_AUTH_PROXY). A kubeconfig's
        C(proxy-url) is used when this is not set.
      - E(HTTP_PROXY), E(HTTPS_PROXY) and E(NO_PROXY) are not read, as in kubernetes.core.
    type: str
  no_proxy:
    description:
      - Comma-separated hosts, domains (V(.example.com) or V(example.com) also match their subdomains),
        V(host:port), IP addresses or CIDR blocks that are reached without O(proxy); V(*) for all.
        Can also be set with E(K8S_AUTH_NO_PROXY).
    type: str
  proxy_headers:
    description:
      - Headers for the HTTP proxy (as C(urllib3.util.make_headers) builds them).
      - Each suboption can also be set with E(K8S_AUTH_PROXY_HEADERS_<SUBOPTION>), for example
        E(K8S_AUTH_PROXY_HEADERS_PROXY_BASIC_AUTH), when O(proxy_headers) is not given.
    type: dict
    suboptions:
      proxy_basic_auth:
        description:
          - V(username:password) for the proxy's basic authentication (C(Proxy-Authorization)).
        type: str
      basic_auth:
        description:
          - V(username:password) for a basic authentication header sent to the proxy (C(Authorization)).
        type: str
      user_agent:
        description:
          - User agent sent to the proxy, for example V(ansible/1.0).
        type: str
  persist_config:
    description:
      - Write credentials the kubeconfig's auth provider refreshed (OIDC, GCP refresh tokens) back to the
        kubeconfig file they came from, so the next run does not start from an expired refresh token.
      - By default the kubeconfig files are never written. No effect for a kubeconfig given as a dictionary,
        for exec plugins (they keep their own cache) or for static tokens.
      - Can also be set with E(K8S_AUTH_PERSIST_CONFIG).
    type: bool
  impersonate_user:
    description:
      - User to act as. Every request (watches too) carries C(Impersonate-User), and the API server authorizes
        it as this user. The credentials' own user needs the C(impersonate) verb on C(users) in RBAC.
      - Can also be set with E(K8S_AUTH_IMPERSONATE_USER).
    type: str
  impersonate_groups:
    description:
      - Groups to act as, one C(Impersonate-Group) header each (with O(impersonate_user); the credentials' user
        needs C(impersonate) on C(groups)). Several groups need urllib3 2 or later (urllib3 1 would join them into
        one header, which the API server reads as one group), so with urllib3 1 they are refused.
      - "Can also be set with E(K8S_AUTH_IMPERSONATE_GROUPS), comma-separated: V(group1,group2)."
    type: list
    elements: str
notes:
  - Explicit options win over their E(K8S_AUTH_*) environment variables; O(host), O(api_key), O(username) and
    O(password), O(validate_certs), the certificates and the proxy options override what the kubeconfig says.
requirements:
  - kubernetes >= 24.2.0 (Python library)
  - PyYAML
"""
