"""The one wait for AWS lifecycles (FSx has no botocore waiters; EKS add-ons need their health issues).

It polls a read function with a growing interval until the resource reaches a ready state, reports a
failed state with AWS's own reason, and gives up at a deadline with the last state it saw. Throttling
on the reads is retried by the client (jittered backoff), so a busy account slows the wait, never fails it.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Resource = Mapping[str, Any]
# Seconds between polls: quick at first (a retry that finds the resource ready), then every 15 s.
POLL_INTERVALS = (1.0, 2.0, 4.0, 8.0, 15.0)


class LifecycleFailed(Exception):
    """The resource reached a failed state; the message is AWS's own reason."""


class WaitTimeout(Exception):
    """The deadline passed first; the message says the last state seen."""


@dataclass(frozen=True)
class Lifecycle:
    """How to read one kind of resource's state."""

    kind: str
    state: Callable[[Resource], str | None]
    reason: Callable[[Resource], str | None]
    ready: frozenset[str]
    failed: frozenset[str]


def wait_for(
    read: Callable[[], Resource | None],
    lifecycle: Lifecycle,
    name: str,
    timeout: float,
    *,
    gone: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Resource | None:
    """Poll ``read`` until the resource is ready (or, with ``gone``, until ``read`` returns None)."""
    deadline = clock() + timeout
    last: str | None = None
    for attempt in itertools.count():
        resource = read()
        if resource is None:
            if gone:
                return None
            raise LifecycleFailed(f"{lifecycle.kind} {name} disappeared while tridentops waited for it")
        last = lifecycle.state(resource)
        if not gone and last in lifecycle.ready:
            return resource
        if last in lifecycle.failed:
            reason = lifecycle.reason(resource) or "AWS gave no reason"
            raise LifecycleFailed(f"{lifecycle.kind} {name} is {last}: {reason}")
        remaining = deadline - clock()
        if remaining <= 0:
            break
        sleep(min(POLL_INTERVALS[min(attempt, len(POLL_INTERVALS) - 1)], remaining))
    target = "gone" if gone else " or ".join(sorted(lifecycle.ready))
    raise WaitTimeout(
        f"{lifecycle.kind} {name} is still {last or 'in no known state'} after {timeout:g} s (wait_timeout), "
        f"not {target}; AWS carries on, so running again resumes the wait"
    )


def _failure_message(resource: Resource) -> str | None:
    details = resource.get("FailureDetails") or {}
    return details.get("Message")


def _transition_reason(resource: Resource) -> str | None:
    reason = resource.get("LifecycleTransitionReason") or {}
    return reason.get("Message")


def _addon_issues(resource: Resource) -> str | None:
    issues = (resource.get("health") or {}).get("issues") or []
    if not issues:
        return None
    return "; ".join(_issue_text(i) for i in issues)


def _issue_text(issue: dict[str, Any]) -> str:
    resources = f" ({', '.join(issue['resourceIds'])})" if issue.get("resourceIds") else ""
    return f"{issue.get('code', 'issue')}: {issue.get('message', '')}{resources}"


FILE_SYSTEM = Lifecycle(
    "file system",
    lambda r: r.get("Lifecycle"),
    _failure_message,
    ready=frozenset({"AVAILABLE"}),
    failed=frozenset({"FAILED", "MISCONFIGURED", "MISCONFIGURED_UNAVAILABLE"}),
)
SVM = Lifecycle(
    "storage virtual machine",
    lambda r: r.get("Lifecycle"),
    _transition_reason,
    ready=frozenset({"CREATED"}),
    failed=frozenset({"FAILED", "MISCONFIGURED"}),
)
ADDON = Lifecycle(
    "EKS add-on",
    lambda r: r.get("status"),
    _addon_issues,
    ready=frozenset({"ACTIVE"}),
    failed=frozenset({"CREATE_FAILED", "UPDATE_FAILED", "DEGRADED", "DELETE_FAILED"}),
)
