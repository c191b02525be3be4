"""Kubernetes resource quantities: their value, and the canonical form the API server stores them in.

The API server rewrites quantities into a canonical form (``1024Mi`` is stored as ``1Gi``, ``0.5`` as
``500m``). Rendered objects carry that form, so what was applied compares equal with what a read returns
and a second run finds nothing to change.
"""

from __future__ import annotations

import re
from decimal import Decimal

BINARY = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
DECIMAL = {"m": -1, "": 0, "k": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6}
_SHAPE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$")


def _parts(text: str) -> tuple[Decimal, str]:
    match = _SHAPE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a quantity")
    return Decimal(match.group(1)), match.group(2) or ""


def to_decimal(text: str) -> Decimal:
    """The quantity's value (bytes, cores, ...)."""
    number, suffix = _parts(text)
    if suffix in BINARY:
        return number * Decimal(1024) ** BINARY.index(suffix)
    return number * Decimal(10) ** (3 * DECIMAL[suffix])


def canonical(text: str) -> str:
    """The form the API server stores ``text`` in (its Quantity.String())."""
    suffix = _parts(text)[1]
    value = to_decimal(text)
    if value == 0:
        return "0"
    binary = suffix in BINARY[1:]
    if binary and value >= 1024 and value == value.to_integral_value():
        whole, power = int(value), 0
        while whole % 1024 == 0 and power < len(BINARY) - 1:
            whole //= 1024
            power += 1
        return f"{whole}{BINARY[power]}"
    # Decimal: the largest power of 1000 (from milli up) that leaves a whole number.
    for power in range(6, -2, -1):
        scaled = value / Decimal(10) ** (3 * power)
        if scaled == scaled.to_integral_value():
            name = next(k for k, v in DECIMAL.items() if v == power)
            return f"{int(scaled)}{name}"
    # Below a thousandth the API server rounds up to milli-units.
    return f"{int((value * 1000).to_integral_value(rounding='ROUND_CEILING'))}m"


def whole_bytes(text: str) -> str | None:
    """A storage size: a quantity that is a whole number of bytes (the API server's rule for quotas)."""
    try:
        value = to_decimal(text)
    except ValueError:
        return f"{text!r} is not a size (a number with an optional unit such as 100Gi, 500Mi or 1Ti)"
    if value != value.to_integral_value():
        return f"{text!r} is not a whole number of bytes"
    return None
