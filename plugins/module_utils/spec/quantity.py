"""Kubernetes resource quantities: their value, and the canonical form the API server stores them in.

The API server rewrites quantities into a canonical form (``1024Mi`` is stored as ``1Gi``, ``0.5`` as
``500m``). Rendered objects carry that form, so what was applied compares equal with what a read returns
and a second run finds nothing to change. This is the one place a quantity is parsed: spec checks, rendering
and the volume modules' sizes all read it here.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal

BINARY = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
DECIMAL = {"n": -3, "u": -2, "m": -1, "": 0, "k": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6}
# The API server's grammar (k8s.io/apimachinery pkg/api/resource/quantity.go): a signed decimal number, then
# a binary suffix, a decimal one or a decimal exponent (1e3, 1E-2; a bare E is exa).
_QUANTITY = re.compile(
    r"^(?P<sign>[+-])?(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE](?P<exponent>[+-]?[0-9]+))?$"
)


def value(text: str) -> Decimal | None:
    """The value (bytes, cores, ...) of a quantity as the API server reads it; None when it is not one."""
    match = _QUANTITY.match(text)
    if match is None:
        return None
    number = Decimal((match["sign"] or "") + match["number"])
    if match["exponent"] is not None:
        return number.scaleb(int(match["exponent"]))
    return _scaled(number, match["suffix"] or "")


def quantity_bytes(text: object) -> int | None:
    """Bytes of a quantity (``10Gi``, ``500M``, ``1e3``), rounded up; None when it is not one."""
    number = value(str(text).strip())
    return None if number is None else int(number.to_integral_value(ROUND_CEILING))


def is_plain(text: str) -> bool:
    """The form a spec writes a size or a resource in: an unsigned number (``1.5``, not ``.5`` or ``1.``)
    with an optional binary or decimal suffix from milli up, no exponent."""
    match = _QUANTITY.match(text)
    if not match or match["sign"] or match["exponent"] is not None or match["suffix"] in ("n", "u"):
        return False
    return not match["number"].startswith(".") and not match["number"].endswith(".")


def _scaled(number: Decimal, suffix: str) -> Decimal:
    if suffix in BINARY:
        return number * Decimal(1024) ** BINARY.index(suffix)
    return number * Decimal(10) ** (3 * DECIMAL[suffix])


def _parts(text: str) -> tuple[Decimal, str]:
    match = _QUANTITY.match(text)
    if match is None or not is_plain(text):
        raise ValueError(f"{text!r} is not a quantity")
    return Decimal(match["number"]), match["suffix"] or ""


def to_decimal(text: str) -> Decimal:
    """The value (bytes, cores, ...) of a quantity in the plain form."""
    return _scaled(*_parts(text))


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
