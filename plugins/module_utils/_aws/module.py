"""The shared frame of the AWS modules: build a spec model from options, turn failures into fail_json."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ..spec.issues import Issues, SpecError
from ..spec.schema import build
from ..spec.yamlio import SpecFileError
from .errors import Refusal, error_code, explain
from .waiters import LifecycleFailed, WaitTimeout

T = TypeVar("T")


def load_model(module: Any, cls: type[T], data: Mapping[str, Any]) -> T:
    """The spec model of the module's options; every problem at once, named by option path."""
    issues = Issues()
    model = build(cls, data, "", issues)
    for issue in issues.warnings:
        module.warn(str(issue))
    if model is None or issues.errors:
        raise SpecError(issues.errors)
    return model


def run(module: Any, body: Callable[[], dict[str, Any]], *, actions_diff: bool = False) -> None:
    """Run ``body`` and exit with its result. Out of diff mode there is no diff; in diff mode, ``actions_diff``
    modules (whose changes cannot be shown as values, such as a secret or a policy) show their action list."""
    try:
        result = body()
        if not module._diff:
            result.pop("diff", None)
        elif actions_diff:
            result["diff"] = {"before": "", "after": "".join(f"{action}\n" for action in result["actions"])}
    except SpecError as exc:
        errors = [str(i) for i in exc.issues]
        module.fail_json(msg=f"invalid input, nothing was changed: {'; '.join(errors)}", errors=errors)
    except (Refusal, LifecycleFailed, WaitTimeout, SpecFileError) as exc:
        module.fail_json(msg=str(exc))
    except AnsibleAWSError as exc:
        code, message, operation = error_code(exc)
        module.fail_json(msg=explain(exc), error={"code": code, "message": message, "operation": operation})
    module.exit_json(**result)
