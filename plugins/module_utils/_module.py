"""The shared frame of every tridentops module: build the session, turn failures into fail_json."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ._args import auth_params, mask
from ._k8s.client import AuthError, connect
from ._k8s.session import KubeError, KubeSession
from ._k8s.wait import WaitError
from ._ops.safety import Refusal
from .spec.issues import Issue, SpecError
from .spec.schema import raw_secret_values, secret_values
from .spec.stack import StorageSpec, validate
from .spec.yamlio import SpecFileError

RBAC_HINT = "the ClusterRole in rbac/tridentops-automation.yaml grants what tridentops needs"


def session_for(module: AnsibleModule, workers: int = 8) -> KubeSession:
    return KubeSession(connect(auth_params(module.params), pool_size=workers))


def load_spec(module: AnsibleModule, data: object, prefix: str = "") -> StorageSpec:
    """Validate a spec built from the module's input; report every error at once, in option terms.

    ``prefix`` is the spec path the module's options live under (``backends[0].``): it is removed from
    messages, so they name the module's own options.
    """
    # Masked before validating: the errors of a spec that does not validate may quote its values.
    mask(module, raw_secret_values(StorageSpec, data))
    spec, found = validate(data)
    for issue in found:
        if issue.severity == "warning":
            module.warn(_shown(issue, prefix))
    if spec is None:
        raise SpecError([i for i in found if i.severity == "error"])
    # Mask each secret as written and base64-encoded, as it appears in a rendered Secret's data.
    mask(module, secret_values(spec))
    return spec


def _shown(issue: Issue, prefix: str) -> str:
    path = issue.path[len(prefix) :] if prefix and issue.path.startswith(prefix) else issue.path
    return f"{path or '(spec)'}: {issue.message}"


def run(module: AnsibleModule, body: Callable[[], dict[str, Any]], prefix: str = "") -> None:
    try:
        result = body()
    except ImportError as exc:
        module.fail_json(msg=missing_required_lib(exc.name or "kubernetes"), exception=exc)
    except SpecError as exc:
        errors = [_shown(i, prefix) for i in exc.issues]
        module.fail_json(msg=f"invalid input, nothing was changed: {'; '.join(errors)}", errors=errors)
    except (Refusal, WaitError, AuthError, SpecFileError) as exc:
        module.fail_json(msg=str(exc))
    except KubeError as exc:
        hint = f" ({RBAC_HINT})" if exc.status == 403 else ""
        module.fail_json(msg=f"Kubernetes API error {exc.status}: {exc}{hint}", status=exc.status, reason=exc.reason)
    module.exit_json(**result)
