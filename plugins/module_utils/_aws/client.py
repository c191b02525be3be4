"""boto3 clients for the modules: AnsibleAWSModule's connection options, retries with jittered backoff.

Every call goes through ``aws_retry=True``, so throttling (and the other transient errors amazon.aws
retries) backs off with full jitter instead of failing a long provisioning run.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# AWSRetry retries EC2's and IAM's throttling codes; FSx, Secrets Manager and EKS answer ThrottlingException.
THROTTLING = ["ThrottlingException", "ThrottledException", "ProvisionedThroughputExceededException"]
RETRY = AWSRetry.jittered_backoff(retries=8, delay=1, max_delay=30, catch_extra_error_codes=THROTTLING)


def connect(module: Any, service: str) -> Any:
    """A retrying client for ``service`` (call methods with ``aws_retry=True``)."""
    return module.client(service, retry_decorator=RETRY)
