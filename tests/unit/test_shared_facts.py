"""One place for each shared fact: quantities are parsed in spec/quantity.py, Secrets Manager ARNs matched by
spec/checks.py's pattern; both front ends (plugins/ and pulumi_components/) read them there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils.spec import aws, checks, render_aws
from ansible_collections.tridentops.storage.plugins.module_utils.spec.quantity import (
    is_plain,
    quantity_bytes,
    to_decimal,
    value,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    path
    for top in ("plugins", "pulumi_components/tridentops_pulumi")
    for path in sorted((ROOT / top).rglob("*.py"))
    if "spec" not in path.relative_to(ROOT / top).parts[:-1] or top == "plugins"
]
# A regular expression over Kubernetes' binary suffixes is a quantity parser; one over secretsmanager ARNs an
# ARN pattern.
QUANTITY_PARSER = re.compile(r"Ki\|Mi\|Gi")
ARN_PATTERN = re.compile(r"arn:aws[^\"']*:secretsmanager:\[")


def holders(pattern: re.Pattern[str]) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES if pattern.search(p.read_text()))


def test_one_quantity_parser():
    assert holders(QUANTITY_PARSER) == ["plugins/module_utils/spec/quantity.py"]


def test_one_secrets_manager_arn_pattern():
    assert holders(ARN_PATTERN) == ["plugins/module_utils/spec/checks.py"]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1Gi", 2**30),
        ("1024Mi", 2**30),
        ("1.5G", 1_500_000_000),
        ("1e3", 1000),
        ("1E3", 1000),
        ("1E", 10**18),
        ("+1Ki", 1024),
        (".5Ki", 512),
        ("5.", 5),
        ("5n", 1),
        (" 2Ti ", 2 * 2**40),
        ("-1Ki", -1024),
    ],
)
def test_sizes_as_the_api_server_reads_them_rounded_up(text, size):
    assert quantity_bytes(text) == size


@pytest.mark.parametrize("text", ["10x", "", "Gi", "1 Gi", "1e", "1.2.3", "Infinity", "nan", "0x10"])
def test_what_is_not_a_quantity(text):
    assert quantity_bytes(text) is None


@pytest.mark.parametrize("text", ["100Gi", "1.5Gi", "500m", "2", "1E", "750k"])
def test_the_plain_form_a_spec_writes(text):
    assert is_plain(text) and checks.quantity(text) is None
    assert to_decimal(text) == value(text)


@pytest.mark.parametrize("text", ["1e3", "-1Gi", "+1Gi", ".5Gi", "1.Gi", "5n", "3u", "10x"])
def test_a_spec_refuses_the_other_forms(text):
    assert not is_plain(text)
    assert (
        checks.quantity(text) == f"{text!r} is not a size (a number with an optional unit such as 100Gi, 500Mi or 1Ti)"
    )
    with pytest.raises(ValueError):
        to_decimal(text)


def test_the_arn_checks_share_the_pattern():
    arn = "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:fsx/vsadmin-AbCdEf"
    assert checks.secrets_manager_arn(arn) and not checks.secrets_manager_arn(arn.replace("secret:", "key:"))
    assert not hasattr(aws, "_SECRET_ARN") and not hasattr(render_aws, "_SECRET_ARN")
