"""Value checks used in field declarations. Each returns an error message or None."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from . import facts
from .quantity import is_plain
from .schema import did_you_mean

_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$"
)
_VERSION = re.compile(r"^(\d{2})\.(\d{2})\.(\d+)$")
# A Secrets Manager secret ARN in any partition (aws, aws-cn, aws-us-gov): the one pattern for it.
SECRETS_MANAGER_ARN = re.compile(r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$")
# FSx for NetApp ONTAP file system ids are "fs-" and 17 lower-case hex digits (AWS's own pattern allows 8 or
# more for its older file system types; every ONTAP one has 17).
_FSX_ID = re.compile(r"^fs-[0-9a-f]{17}$")
_SVM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,46}$")


def dns_subdomain(value: str) -> str | None:
    if len(value) > 253 or not _DNS1123_SUBDOMAIN.match(value):
        return f"{value!r} is not a valid Kubernetes name (lower-case letters, digits, '-' and '.'; at most 253)"
    return None


def dns_label(value: str) -> str | None:
    if len(value) > 63 or not _DNS1123_LABEL.match(value):
        return f"{value!r} is not a valid namespace name (lower-case letters, digits and '-'; at most 63)"
    return None


def dns_names(values: tuple[str, ...]) -> str | None:
    for value in values:
        message = dns_subdomain(value)
        if message:
            return message
    return None


def quantity(value: str) -> str | None:
    if not is_plain(value):
        return f"{value!r} is not a size (a number with an optional unit such as 100Gi, 500Mi or 1Ti)"
    return None


def host(value: str) -> str | None:
    """A LIF: IPv4, IPv6 in brackets (Trident's syntax), or a DNS name."""
    if value.startswith("[") and value.endswith("]"):
        try:
            ipaddress.IPv6Address(value[1:-1])
            return None
        except ValueError:
            return f"{value!r} is not a valid bracketed IPv6 address"
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address):
        return f"{value!r}: write an IPv6 address in brackets, e.g. '[{value}]'"
    if address is not None:
        return None
    if not _HOSTNAME.match(value):
        return f"{value!r} is not an IP address or a DNS name"
    if value.rstrip(".").rsplit(".", 1)[-1].isdigit():
        # A name whose last label is all digits is no DNS name (RFC 1123): it is a mistyped IPv4 address,
        # which Trident would only fail to resolve once it tries to reach the LIF.
        return f"{value!r} is not a valid IPv4 address (four numbers from 0 to 255) nor a DNS name"
    return None


def host_port(value: str) -> str | None:
    """A management LIF as Trident takes it: a host (as ``host``) with an optional ':port'. Trident looks up the
    part before the first ':' (or inside '[...]' when the value has two ':' or more) and connects to the value as
    written, the URL's host[:port] (ontap_common.go@v26.06.0:1634-1648 InitializeOntapDriver)."""
    hostpart, port = value, None
    if value.startswith("["):
        bracketed, colon, rest = value.partition("]:")
        if colon and bracketed:
            hostpart, port = bracketed + "]", rest
    elif value.count(":") == 1:
        hostpart, port = value.split(":")
    message = host(hostpart)
    if message:
        return message
    if port is not None and not (port.isdigit() and port.isascii() and 1 <= int(port) <= 65535):
        return f"{value!r}: the port {port!r} is not a number from 1 to 65535"
    return None


def trident_version(value: str) -> str | None:
    match = _VERSION.match(value)
    if not match:
        return f"{value!r} is not a Trident release (YY.MM.patch, e.g. {facts.DEFAULT_VERSION})"
    if release(value) < facts.OLDEST_RELEASE:
        return f"Trident {value} is older than {facts.OLDEST_RELEASE}, the oldest release tridentops supports"
    return None


def release(version: str) -> str:
    """'26.06.1' -> '26.06'."""
    return ".".join(version.split(".")[:2])


def secrets_manager_arn(value: str) -> bool:
    return bool(SECRETS_MANAGER_ARN.match(value))


def fsx_filesystem_id(value: str) -> str | None:
    if not _FSX_ID.match(value):
        return f"{value!r} is not an FSx for NetApp ONTAP file system id (fs- followed by 17 hex digits)"
    return None


def cidr(value: str) -> str | None:
    """A CIDR block as Go's net.ParseCIDR reads it (Trident validates autoExportCIDRs with it)."""
    address, slash, length = value.partition("/")
    problem = not slash or "%" in address or not re.fullmatch(r"0|[1-9][0-9]{0,2}", length)
    if not problem:
        try:
            bits = ipaddress.ip_address(address).max_prefixlen
        except ValueError:
            problem = True
        else:
            problem = int(length) > bits
    if problem:
        return (
            f"{value!r} is not a CIDR block (address/prefix length, e.g. 10.0.0.0/8 or fd00::/8); "
            f"Trident refuses the backend: invalid CIDR address: {value}"
        )
    return None


def svm_name(value: str) -> str | None:
    if not _SVM_NAME.match(value):
        return f"{value!r} is not a valid SVM name (letters, digits, '_', '.', '-'; starts with a letter or '_')"
    return None


def backend_name(value: str) -> str | None:
    # Trident checks no pattern (core/, storage/ and frontend/ at v26.06.0); an empty backendName is the same as
    # none (Trident names the backend after the TridentBackendConfig), which the spec says by leaving it out.
    if not value:
        return "is empty: leave backend_name out to name the backend after the TridentBackendConfig"
    return None


def in_range(low: int, high: int) -> Callable[[int], str | None]:
    def check(value: int) -> str | None:
        if not low <= value <= high:
            return f"{value} is out of range; Trident accepts {low} to {high}"
        return None

    return check


def percentage(value: int) -> str | None:
    return in_range(1, 100)(value)


# -- Trident's own parsers, for backend values Trident keeps as strings -------------------------------------------

_INT64 = (-(2**63), 2**63 - 1)
_GO_INT = re.compile(r"[+-]?[0-9]+")
# strconv.ParseFloat's decimal and special forms (hex floats and underscores are left out: nobody writes a
# period in hours that way, and a value the check refuses is only reported, never rewritten).
_GO_FLOAT = re.compile(r"[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|inf|infinity|nan)", re.IGNORECASE)
# capacity.ToBytes (pkg/capacity/capacity.go@v26.06.0:131-169): binary units are tried first, then SI ones,
# each longest first; the number before a unit is strconv.ParseInt, a bare number strconv.ParseUint.
_BINARY_UNITS = tuple(sorted((p + s for p in "kmgtpezy" for s in ("", "i", "ib")), key=len, reverse=True))
_SI_UNITS = tuple(sorted(("b", "bytes", *(p + "b" for p in "kmgtpezy")), key=len, reverse=True))


def go_int(value: str) -> int | None:
    """The value strconv.ParseInt(value, 10, 64) returns, or None where it fails."""
    if not _GO_INT.fullmatch(value):
        return None
    number = int(value)
    return number if _INT64[0] <= number <= _INT64[1] else None


def go_float(value: str) -> bool:
    """Whether strconv.ParseFloat(value, 64) reads the value."""
    return bool(_GO_FLOAT.fullmatch(value))


def go_bool(value: str) -> bool:
    """Whether strconv.ParseBool reads the value."""
    return value in facts.PARSE_BOOL


def trident_size(value: str) -> str | None:
    """A size as Trident's capacity.ToBytes reads it: an integer with an optional unit, case-insensitive;
    k/m/g/... with or without i/ib are binary (1G is 1 GiB), kb/mb/gb/... decimal, b or bytes, no fraction."""
    text = value.strip().lower()
    unit = next((u for u in (*_BINARY_UNITS, *_SI_UNITS) if text.endswith(u)), None)
    number = go_int(text[: -len(unit)]) if unit else (int(text) if re.fullmatch(r"[0-9]+", text) else None)
    if number is None or (unit is None and number >= 2**64):
        return (
            f"{value!r} is not a size Trident reads (an integer with an optional unit: 500Mi, 100G, 1Ti, 50GB, "
            "or bytes; no fractions)"
        )
    if number < 0:
        return f"{value!r} is negative"
    return None


def aggregate_usage(value: int | str) -> str | None:
    """limitAggregateUsage: Trident strips every '%' and reads the rest with strconv.ParseFloat."""
    if isinstance(value, int):
        return percentage(value)
    text = value.replace("%", "")
    if not go_float(text) or text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return f"{value!r} is not a percentage Trident reads (a number with an optional %, e.g. 80 or 80.5%)"
    if not 0 < float(text) <= 100:
        return f"{value!r} is out of range; use a percentage above 0 and at most 100"
    return None


def string_bool(value: bool | str) -> str | None:
    """A boolean Trident keeps as a string and parses with strconv.ParseBool (YAML booleans are written as
    true/false)."""
    if isinstance(value, bool) or go_bool(value):
        return None
    return f"{value!r} is not a boolean Trident reads ({', '.join(facts.PARSE_BOOL)})"


def one_of_any_case(*choices: str) -> Callable[[str], str | None]:
    """A value Trident lower-cases before comparing it with ``choices``."""

    def check(value: str) -> str | None:
        if value.lower() not in choices:
            return f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value.lower(), list(choices))}"
        return None

    return check
