"""Error handling by decorator, one handler per service (amazon.aws's AWSErrorHandler), and the messages users see.

Service functions are decorated (``@FSX.call("create the file system")``), so no
function carries its own try/except; the module frame turns what they raise into one clear message with
``explain``. The errors people actually hit get a message that says what to do: missing IAM permissions,
an exhausted quota, subnets that do not fit the deployment type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

README_IAM = "the IAM permissions the runner needs are listed in the collection's README, section 'On AWS'"
ACCESS_DENIED = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AuthFailure"}
)
QUOTA = frozenset({"ServiceLimitExceeded", "LimitExceeded", "LimitExceededException", "ServiceQuotaExceededException"})
NETWORK = frozenset({"InvalidNetworkSettings", "InvalidSubnet.NotFound", "InvalidSubnetID.NotFound"})
F = TypeVar("F", bound=Callable[..., Any])


# amazon.aws has no type information: its classes are Any to mypy, hence the ignores on subclassing them.
class AwsServiceError(AnsibleAWSError):  # type: ignore[misc]
    """A failed call; ``service`` is the IAM action prefix of the API that failed."""

    service = "aws"


class FsxError(AwsServiceError):
    service = "fsx"


class SecretsError(AwsServiceError):
    service = "secretsmanager"


class IamError(AwsServiceError):
    service = "iam"


class EksError(AwsServiceError):
    service = "eks"


class Ec2Error(AwsServiceError):
    service = "ec2"


class StsError(AwsServiceError):
    service = "sts"


class Handler:
    """Typed decorators over a per-service subclass of amazon.aws's AWSErrorHandler.

    ``call``: any botocore error becomes the service's AwsServiceError. ``lookup``: a missing resource
    returns None instead. ``delete``: a resource already gone returns False. (The subclass is made with
    type(): to mypy amazon.aws is Any, and this keeps the decorated functions' own signatures.)
    """

    def __init__(self, error: type[AwsServiceError], missing: tuple[str, ...] = ()) -> None:
        def is_missing(cls: Any) -> Any:
            return is_boto3_error_code(list(missing)) if missing else type("NeverRaised", (Exception,), {})

        self._handler: Any = type(
            f"{error.__name__}Handler",
            (AWSErrorHandler,),
            {"_CUSTOM_EXCEPTION": error, "_is_missing": classmethod(is_missing)},
        )

    def call(self, description: str) -> Callable[[F], F]:
        return cast(Callable[[F], F], self._handler.common_error_handler(description))

    def lookup(self, description: str) -> Callable[[F], F]:
        return cast(Callable[[F], F], self._handler.list_error_handler(description))

    def delete(self, description: str) -> Callable[[F], F]:
        return cast(Callable[[F], F], self._handler.deletion_error_handler(description))


FSX = Handler(FsxError, ("FileSystemNotFound", "StorageVirtualMachineNotFound"))
SECRETS = Handler(SecretsError, ("ResourceNotFoundException",))
IAM = Handler(IamError, ("NoSuchEntity",))
EKS = Handler(EksError, ("ResourceNotFoundException",))
EC2 = Handler(Ec2Error)
STS = Handler(StsError)


class Refusal(Exception):
    """The module will not do what was asked (it would lose data, or AWS cannot do it in place)."""


def error_code(error: AnsibleAWSError) -> tuple[str, str, str]:
    """(code, AWS's message, operation) of the botocore error behind ``error``."""
    cause = error.exception
    response = getattr(cause, "response", None) or {}
    details = response.get("Error", {})
    return (
        str(details.get("Code", type(cause).__name__ if cause else "")),
        str(details.get("Message", cause or "")),
        str(getattr(cause, "operation_name", "") or ""),
    )


def explain(error: AnsibleAWSError) -> str:
    """One message that says what failed, AWS's own words, and what to do about it."""
    code, message, operation = error_code(error)
    service = getattr(error, "service", "aws")
    what = error.message or "AWS call failed"
    if code in ACCESS_DENIED:
        action = f"{service}:{operation}" if operation else service
        return f"{what}: AWS denied {action} to the credentials in use ({message}); {README_IAM}"
    if code in QUOTA:
        return (
            f"{what}: an AWS quota is used up ({code}: {message}); request an increase in Service Quotas "
            "or remove resources that are no longer needed"
        )
    if code in NETWORK or (code in ("BadRequest", "InvalidParameterValue") and "subnet" in message.lower()):
        return (
            f"{what}: AWS rejected the network settings ({code}: {message}); single-AZ file systems take one "
            "subnet, multi-AZ ones two subnets in different Availability Zones of one VPC, with the preferred "
            "subnet among them"
        )
    if code:
        return f"{what}: {code}: {message}"
    return f"{what}: {message}"
