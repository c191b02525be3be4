"""The shared frame of every tridentops Kubernetes module: build the Task (its session connects on first use),
call the module's one ``_ops`` entry, turn failures into fail_json."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ._args import auth_params, mask
from ._k8s.client import AuthError, connect
from ._k8s.converge import PartialRun
from ._k8s.session import RETRY_BUDGET, KubeError, KubeSession
from ._k8s.wait import WaitError
from ._ops.protect.errors import BucketError
from ._ops.safety import Refusal
from ._ops.task import Task, shown
from .spec.issues import SpecError
from .spec.yamlio import SpecFileError

RBAC_HINT = "rbac/tridentops-install.yaml grants installing Trident, the everyday roles in rbac/ the rest: docs/rbac.md"


def session_for(module: AnsibleModule, workers: int = 8) -> KubeSession:
    """A session whose retries of one request stop at the task's wait_timeout (RETRY_BUDGET without one)."""
    budget = module.params.get("wait_timeout")
    return KubeSession(
        connect(auth_params(module.params), pool_size=workers),
        retry_budget=float(budget) if budget is not None else RETRY_BUDGET,
    )


def execute(
    module: AnsibleModule,
    entry: Callable[[Task], dict[str, Any]],
    prefix: str = "",
) -> None:
    """Run the module's ``_ops`` entry with the module's options; its dict is the result. ``prefix`` as for
    ``run``."""
    task = Task(
        module.params,
        module.check_mode,
        module._diff,
        module.warn,
        lambda values: mask(module, values),
        lambda: session_for(module),
    )
    run(module, lambda: entry(task), prefix)


def run(module: AnsibleModule, body: Callable[[], dict[str, Any]], prefix: str = "") -> None:
    try:
        result = body()
    except ImportError as exc:
        # A traceback string: ansible-core before 2.19 takes nothing else (an exception object fails the module).
        module.fail_json(msg=missing_required_lib(exc.name or "kubernetes"), exception=traceback.format_exc())
    except PartialRun as exc:
        # Failed after writing: the failure's own message, with every object written before it (``changed``
        # is true, ``objects`` and ``uncertain`` list them).
        msg, fields = _failure(exc.cause)
        module.fail_json(msg=msg, **exc.result(), **fields)
    except SpecError as exc:
        errors = [shown(i, prefix) for i in exc.issues]
        module.fail_json(msg=f"invalid input, nothing was changed: {'; '.join(errors)}", errors=errors)
    except (Refusal, WaitError, AuthError, SpecFileError, BucketError) as exc:
        module.fail_json(msg=str(exc))
    except KubeError as exc:
        msg, fields = _failure(exc)
        module.fail_json(msg=msg, **fields)
    module.exit_json(**result)


def _failure(cause: Exception) -> tuple[str, dict[str, Any]]:
    """The message and result fields of a failure, whether or not the run wrote anything before it."""
    if not isinstance(cause, KubeError):
        return str(cause), {}
    hint = f" ({RBAC_HINT})" if cause.status == 403 else ""
    # A transient failure (no answer, retried until the budget ran out, or unsafe to repeat) already says
    # which request failed, how often it was tried and what to check.
    msg = str(cause) if cause.transient else f"Kubernetes API error {cause.status}: {cause}{hint}"
    request = {"request": f"{cause.method} {cause.path}", "attempts": cause.attempts} if cause.method else {}
    return msg, {"status": cause.status, "reason": cause.reason, **request}
