"""The suite's own hook (seam/sitecustomize.py) does what every other AWS test relies on: a stub the module
never asks for is reported, a request Stubber does not expect fails the module, and only tridentops modules'
calls are recorded (amazon.aws modules in the same play are not)."""

from __future__ import annotations

from aws_harness import Aws, Stubs, fs_description


def test_a_stub_the_module_never_asks_for_is_reported_pending(aws: Aws):
    stubs = (
        Stubs()
        .add("fsx_ontap_info", "fsx", "describe_file_systems", {"FileSystems": [fs_description()]}, {})
        .add("fsx_ontap_info", "fsx", "describe_backups", {"Backups": []})
    )
    run = aws.module("fsx_ontap_info", stubs=stubs, svms=False)
    assert run.rc == 0, run.last
    assert run.operations() == ["DescribeFileSystems"]
    assert run.pending == [{"module": "fsx_ontap_info", "service": "fsx", "pending": ["DescribeBackups"]}]


def test_a_request_the_stub_does_not_expect_fails_the_module(aws: Aws):
    stubs = Stubs().add(
        "fsx_ontap_info", "fsx", "describe_file_systems", {"FileSystems": []}, {"FileSystemIds": ["fs-0other"]}
    )
    run = aws.module("fsx_ontap_info", stubs=stubs)
    assert run.failed and "Expected parameters" in run.output, run.output[-2000:]


def test_only_tridentops_modules_calls_are_recorded(aws: Aws):
    run = aws.run(
        [{"tridentops.storage.fsx_ontap_info": {"svms": False}}, {"amazon.aws.aws_caller_info": {}}],
        stubs=Stubs().add("fsx_ontap_info", "fsx", "describe_file_systems", {"FileSystems": []}, {}),
    )
    assert run.rc == 0, run.results
    assert run.results[1]["account"] == "123456789012"
    assert {(c.module, c.service, c.operation) for c in run.calls} == {("fsx_ontap_info", "fsx", "DescribeFileSystems")}
    assert run.pending == []
