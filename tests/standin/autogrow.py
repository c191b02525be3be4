"""TEST STAND-IN for Trident's CRD controller on TridentAutogrowPolicy. Not Trident, never shipped.

Part of the stand-in (controller.py wires it in). It follows Trident's code at v26.06.0, message for message:
frontend/crd/controller/trident_autogrow_policy.go (``syncAutogrowPolicyToOrchestrator``, ``deleteAutogrowPolicy``)
and internal/autogrow/autogrow.go (``ValidateAutogrowPolicySpec``):

* while Trident is installed, a policy gets Trident's finalizer, then ``status.state: Success`` with
  ``Autogrow policy validated and ready to use``, or ``Failed`` with ``Validation failed: <reason>`` for what
  ValidateAutogrowPolicySpec refuses that the CRD's schema lets through (a threshold above 99%, a zero size, a
  maxSize not above an absolute growthAmount); the API server itself refuses what the CRD's patterns do not match;
* a deleted policy loses the finalizer. Deviation: there are no volumes using a policy here, so the ``Deleting``
  state (written while volumes use it) never occurs.

Failure injection (ConfigMap ``kube-system/trident-standin``): ``tap..<name>`` set to ``Hold`` (write nothing) or
``Failed: <message>`` (as a failed sync to the orchestrator: ``Failed to sync autogrow policy to orchestrator:``).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .controller import FINALIZER, GROUP, _Informer, _injection

if TYPE_CHECKING:
    from .controller import StandIn

JSON = dict[str, Any]
PLURAL = "tridentautogrowpolicies"
SUCCESS_MESSAGE = "Autogrow policy validated and ready to use"
# k8s.io/apimachinery resource.ParseQuantity's grammar: a signed decimal number and a suffix (binary, decimal or
# a decimal exponent).
_QUANTITY = re.compile(
    r"^(?P<sign>[+-])?(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE](?P<exponent>[+-]?[0-9]+))?$"
)
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


def _quantity(text: str) -> Decimal | None:
    match = _QUANTITY.match(text)
    if match is None:
        return None
    number = Decimal((match["sign"] or "") + match["number"])
    if match["exponent"] is not None:
        return number.scaleb(int(match["exponent"]))
    suffix = match["suffix"] or ""
    if suffix in _BINARY:
        return number * Decimal(1024) ** _BINARY[suffix]
    return number.scaleb(_DECIMAL[suffix])


def _go_float(text: str, bits: int) -> float | None:
    """strconv.ParseFloat(text, bits): None where Go fails (syntax, or beyond the type's range)."""
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", text):
        return None
    value = float(text)
    if math.isinf(value):
        return None
    if bits == 32:
        # The float32 nearest the decimal value, ties to even; Trident compares it with 1 and 99 only, where
        # the spacing is 2**-23 (just below 1: 2**-24) and 2**-17 (near 99).
        exact = Fraction(text)
        if exact > 99 and exact <= Fraction(99) + Fraction(1, 2**18):
            return 99.0
        if Fraction(1) - Fraction(1, 2**25) <= exact < 1:
            return 1.0
    return value


def validate_policy(spec: JSON) -> str | None:
    """ValidateAutogrowPolicySpec (internal/autogrow/autogrow.go@v26.06.0:87-178): the error text, or None."""
    used = str(spec.get("usedThreshold") or "").strip()
    growth = str(spec.get("growthAmount") or "").strip()
    max_size = str(spec.get("maxSize") or "").strip()
    if used == "":
        return "usedThreshold is required"
    if not used.endswith("%"):
        return f"usedThreshold must be a percentage (e.g., '80%'), got {used}"
    number = used[:-1].strip()
    percent = _go_float(number, 32)
    if percent is None:
        return f"usedThreshold percentage must be a valid number, got {used}"
    if percent < 1 or percent > 99:
        return f"usedThreshold percentage must be between 1 and 99, got {number}%"
    growth_bytes: int | None = None
    if growth:
        if growth.endswith("%"):
            number = growth[:-1].strip()
            amount = _go_float(number, 64)
            if amount is None:
                return f"growthAmount percentage must be a valid number, got {growth}"
            if amount < 1:
                return f"growthAmount percentage must be at least 1%, got {number}%"
        else:
            size = _quantity(growth)
            if size is None:
                return (
                    "growthAmount must be either a percentage (e.g., '10%') or a valid resource quantity "
                    "(e.g., '5Gi'): quantities must match the regular expression "
                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                )
            if size <= 0:
                return f"growthAmount must be greater than 0, got {growth}"
            growth_bytes = int(size.to_integral_value(ROUND_CEILING))
    limit = 0
    if max_size:
        size = _quantity(max_size)
        if size is None:
            return (
                "maxSize is not a valid resource quantity: quantities must match the regular expression "
                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            )
        if size < 0:
            return f"maxSize must not be negative, got {max_size}"
        limit = int(size.to_integral_value(ROUND_CEILING))
    if limit > 0 and growth_bytes is not None and limit <= growth_bytes:
        return (
            f"maxSize ({limit} bytes) must be greater than growthAmount ({growth_bytes} bytes) when both are "
            "absolute values"
        )
    return None


class Autogrow:
    """TridentAutogrowPolicy handling. ``reconcile`` is called by the stand-in's workers."""

    KINDS = ("tap",)

    def __init__(self, owner: StandIn) -> None:
        self.owner = owner
        self.http = owner.http
        self.policies = _Informer(owner, "taps", f"/apis/{GROUP}/v1/{PLURAL}", self._on_change, crd=f"{PLURAL}.{GROUP}")
        self.informers = [self.policies]

    def _on_change(self, old: JSON | None, new: JSON | None) -> None:
        obj = new or old
        assert obj is not None
        self.owner._queue.add(("tap", "", obj["metadata"]["name"]))

    def requeue_all(self) -> None:
        """Trident's CRD controller starts with the install: it then handles the policies already there."""
        for policy in self.policies.items():
            self.owner._queue.add(("tap", "", policy["metadata"]["name"]))

    def on_scenario(self, changed: set[str]) -> None:
        for key in changed:
            if key.startswith("tap.."):
                self.owner._queue.add(("tap", "", key.removeprefix("tap..")))

    def reconcile(self, key: tuple[str, str, str], queued_at: float) -> None:
        name = key[2]
        policy = self.policies.get("", name)
        if policy is None or self.owner._trident_ns is None:
            return  # Trident's CRD controller runs only while Trident is installed
        path = f"/apis/{GROUP}/v1/{PLURAL}/{name}"
        if policy["metadata"].get("deletionTimestamp"):
            # No volume uses a policy here: Trident deletes it at once and releases the finalizer.
            self.owner._set_finalizers(path, policy, add=False)
            return
        injection = _injection(self.owner._scenario(queued_at).get(f"tap..{name}"))
        if injection and injection[0] == "hold":
            return
        policy = self.owner._set_finalizers(path, policy, add=True)
        if FINALIZER not in (policy["metadata"].get("finalizers") or []):
            return  # deleted meanwhile
        if injection:
            status = {"state": "Failed", "message": f"Failed to sync autogrow policy to orchestrator: {injection[1]}"}
        else:
            problem = validate_policy(policy.get("spec") or {})
            status = (
                {"state": "Failed", "message": f"Validation failed: {problem}"}
                if problem
                else {"state": "Success", "message": SUCCESS_MESSAGE}
            )
        self.owner._write_status(path, policy, status)
