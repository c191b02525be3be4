"""boto3 clients for the modules: AnsibleAWSModule's connection options, retries with jittered backoff.

Every call goes through ``aws_retry=True``, so throttling (and the other transient errors amazon.aws
retries) backs off with full jitter instead of failing a long provisioning run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry, RetryingBotoClientWrapper

# AWSRetry retries EC2's and IAM's throttling codes; FSx, Secrets Manager and EKS answer ThrottlingException.
THROTTLING = ["ThrottlingException", "ThrottledException", "ProvisionedThroughputExceededException"]
RETRY = AWSRetry.jittered_backoff(retries=8, delay=1, max_delay=30, catch_extra_error_codes=THROTTLING)


def connect(module: Any, service: str) -> Any:
    """A retrying client for ``service`` (call methods with ``aws_retry=True``)."""
    return module.client(service, retry_decorator=RETRY)


class RetryingClient(RetryingBotoClientWrapper):  # type: ignore[misc]
    """A client whose every call is retried by RETRY: for callers that also take plain boto3 clients (protect's
    bucket code, tested with botocore's Stubber), so cannot pass ``aws_retry=True``."""

    def _create_optional_retry_wrapper_function(self, unwrapped: Any) -> Any:
        return self.retry(unwrapped)


def session_client(service: str, options: Mapping[str, Any]) -> Any:
    """A retrying client for ``service`` outside an AnsibleAWSModule, from the CREDENTIALS_ARG_SPEC options and
    ``region``; what is not given comes from boto3's usual chain (environment, profile, instance role)."""
    import boto3

    session = boto3.session.Session(
        profile_name=options.get("profile"),
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
        aws_session_token=options.get("session_token"),
        region_name=options.get("region"),
    )
    # boto3's stubs type each service name as a Literal; any name goes here.
    client = session.client(service, endpoint_url=options.get("endpoint_url"))  # type: ignore[call-overload]
    return RetryingClient(client, RETRY)
