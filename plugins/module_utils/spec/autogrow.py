"""The ``autogrow_policies`` section: Trident's TridentAutogrowPolicy (26.02 and later).

A policy tells Trident to grow a volume once its used space crosses ``usedThreshold``: by ``growthAmount``
(a percentage of the volume or a size), up to ``maxSize``. Classes name a policy with the StorageClass
annotation ``trident.netapp.io/autogrowPolicy``, claims with the same PVC annotation (which wins); the value
``none`` (any case) turns autogrow off and stops a claim inheriting its class's policy.

Validated as Trident does, in the two places it does (NetApp/trident at v26.06.0, same at v26.02.0):

- the CRD's schema, which the API server enforces before anything is stored
  (cli/k8s_client/yaml_factory.go ``tridentAutogrowPolicyCRDYAMLv1``: the three patterns, ``usedThreshold``
  required, defaults ``growthAmount: 10%`` and ``maxSize: "0"``);
- ``ValidateAutogrowPolicySpec`` (internal/autogrow/autogrow.go), which Trident's CRD controller runs on every
  policy (frontend/crd/controller/trident_autogrow_policy.go ``validateAutogrowPolicy``) and whose refusal
  leaves the policy ``Failed`` with ``Validation failed: <its message>``: a threshold above 99%, a zero size,
  a ``maxSize`` not above an absolute ``growthAmount``.

Presence: ``growth_amount`` and ``max_size`` left out of the spec are left out of the object; the API server
then fills in its defaults (10% and 0, no limit), which the converge does not take for drift (it compares the
fields tridentops sends).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from . import checks
from .issues import Issues, join
from .quantity import value as quantity_value
from .schema import rule, spec_field

KIND = "TridentAutogrowPolicy"
# The annotation on a StorageClass or a PVC naming its policy (utils/autogrow/autogrow.go,
# frontend/csi/controller_helpers/kubernetes/plugin.go); ``none`` (any case) turns autogrow off.
ANNOTATION = "trident.netapp.io/autogrowPolicy"
DISABLE = "none"
# The first release with TridentAutogrowPolicy (its CRD constant is absent at v25.10.0, present at v26.02.0).
SINCE = "26.02"

# The CRD's patterns (cli/k8s_client/yaml_factory.go@v26.06.0:3284, :3289, :3294).
USED_THRESHOLD = re.compile(r"^([1-9]|[1-9][0-9])(\.[0-9]+)?%$")
GROWTH_AMOUNT = re.compile(r"^([1-9][0-9]*(\.[0-9]+)?%|[0-9]+(\.[0-9]+)?(E|P|T|G|M|k|Ei|Pi|Ti|Gi|Mi|Ki))$")
MAX_SIZE = re.compile(r"^(0|[0-9]+(\.[0-9]+)?(E|P|T|G|M|k|Ei|Pi|Ti|Gi|Mi|Ki))$")
# Trident reads the threshold with strconv.ParseFloat(s, 32) and refuses it above 99: a value rounds to the
# float32 99 (and is accepted) up to 99 + 2**-18, half the float32 spacing at 99 (ties go to 99, whose
# mantissa is even).
_THRESHOLD_MAX = Fraction(99) + Fraction(1, 2**18)


def _pattern(regex: re.Pattern[str], example: str) -> str:
    return f"Trident's CRD accepts {regex.pattern} (e.g. {example})"


def used_threshold(text: str) -> str | None:
    """``usedThreshold``: the CRD's pattern, then ValidateAutogrowPolicySpec's 1..99 (autogrow.go@v26.06.0:99-120)."""
    if not USED_THRESHOLD.match(text):
        return f"{text!r} is not a percentage from 1% to 99%; {_pattern(USED_THRESHOLD, '80%')}"
    if Fraction(text[:-1]) > _THRESHOLD_MAX:
        # Trident's own message, which it reports in the policy's status.message.
        return f"usedThreshold percentage must be between 1 and 99, got {text[:-1]}%"
    return None


def _bytes(text: str) -> int:
    """resource.Quantity.Value(): the size in bytes, rounded up."""
    found = quantity_value(text)
    if found is None:  # the CRD patterns, checked first, admit quantities only
        raise ValueError(f"{text!r} is not a quantity")
    return int(found.to_integral_value(ROUND_CEILING))


def growth_amount(text: str) -> str | None:
    """``growthAmount``: the CRD's pattern, then a percentage of at least 1% or a size above 0
    (autogrow.go@v26.06.0:122-154)."""
    if not GROWTH_AMOUNT.match(text):
        return f"{text!r} is not a percentage (10%) or a size with a unit (5Gi); {_pattern(GROWTH_AMOUNT, '10%')}"
    if text.endswith("%"):
        # strconv.ParseFloat(s, 64) fails on a number beyond float64's range; the pattern admits the digits.
        if math.isinf(float(text[:-1])):
            return f"growthAmount percentage must be a valid number, got {text}"
        return None
    if Decimal(quantity_value(text) or 0) <= 0:
        return f"growthAmount must be greater than 0, got {text}"
    return None


def max_size(text: str) -> str | None:
    """``maxSize``: the CRD's pattern (0, or a size with a unit); 0 means no limit. Rule 3 (a quantity, not
    negative; autogrow.go@v26.06.0:156-167) refuses nothing the pattern lets through."""
    if not MAX_SIZE.match(text):
        return f"{text!r} is not 0 (no limit) or a size with a unit (100Gi); {_pattern(MAX_SIZE, '100Gi')}"
    return None


def policy_name(text: str) -> str | None:
    """A policy's name: a Kubernetes object name, and not ``none``, which the annotation reads as "autogrow off"
    (so a policy of that name could never be attached; the CRD's CEL rule refuses ``NONE`` for the same reason)."""
    if text.lower() == DISABLE:
        return f"{text!r} cannot name a policy: the annotation value {DISABLE!r} turns autogrow off"
    return checks.dns_subdomain(text)


def attachment(text: str) -> str | None:
    """The value of the ``trident.netapp.io/autogrowPolicy`` annotation: a policy's name, or ``none``."""
    if text.lower() == DISABLE:
        return None
    message = checks.dns_subdomain(text)
    return f"{message}, nor '{DISABLE}' (turns autogrow off)" if message else None


@dataclass(frozen=True, kw_only=True)
class AutogrowPolicySpec:
    name: str = spec_field(
        "Name of the TridentAutogrowPolicy (cluster-scoped); classes and claims name it in the annotation "
        "trident.netapp.io/autogrowPolicy. Not 'none', the annotation value that turns autogrow off.",
        check=policy_name,
    )
    used_threshold: str = spec_field(
        "usedThreshold: the share of the volume in use at which Trident grows it, a percentage from 1% to 99% "
        "(decimals allowed, e.g. 80% or 85.5%).",
        check=used_threshold,
    )
    growth_amount: str | None = spec_field(
        "growthAmount: how much Trident adds at a time, a percentage of the volume's size (at least 1%, e.g. "
        "10%) or a size with a unit (e.g. 5Gi). Left out, the object leaves it out and Trident grows by 10% "
        "(the CRD's default).",
        default=None,
        check=growth_amount,
    )
    max_size: str | None = spec_field(
        "maxSize: the size Trident stops growing at, a size with a unit (e.g. 500Gi), or 0 for no limit. "
        "Left out, the object leaves it out (the CRD's default, 0: no limit).",
        default=None,
        check=max_size,
    )

    @rule("growth_amount", "max_size")
    def _max_above_growth(self, path: str, issues: Issues) -> None:
        """Rule 4 of ValidateAutogrowPolicySpec (autogrow.go@v26.06.0:169-175), with Trident's message."""
        if self.max_size is None or self.growth_amount is None or self.growth_amount.endswith("%"):
            return
        limit, growth = _bytes(self.max_size), _bytes(self.growth_amount)
        if 0 < limit <= growth:
            issues.error(
                join(path, "max_size"),
                f"maxSize ({limit} bytes) must be greater than growthAmount ({growth} bytes) when both are "
                "absolute values",
            )


def check_release(policies: tuple[AutogrowPolicySpec, ...], version: str, issues: Issues) -> None:
    """TridentAutogrowPolicy needs Trident 26.02 or later: before it, no CRD serves the kind."""
    if policies and checks.release(version) < SINCE:
        issues.error(
            "autogrow_policies",
            f"TridentAutogrowPolicy needs Trident {SINCE} or later (trident.version is {version})",
        )
