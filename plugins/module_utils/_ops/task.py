"""One module run as an ``_ops`` entry sees it: the options as given, the run's modes, where warnings go.

Every Kubernetes module has the same shape: its argument spec, then ``_module.execute`` builds this Task and
calls the module's one ``_ops`` entry, whose dict is the result. The entries never see the
AnsibleModule, so they run the same from a test or another front end.
"""

from __future__ import annotations

import dataclasses
from collections import abc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast, get_origin

from .._args import present_params
from .._k8s.session import KubeSession
from ..spec.issues import Issue, Issues, SpecError
from ..spec.schema import build, raw_secret_values, secret_values, type_hints
from ..spec.stack import StorageSpec, validate

T = TypeVar("T")


def _ignore(_value: Any) -> None:
    return None


def _no_cluster() -> KubeSession:
    raise RuntimeError("this task has no cluster connection")


@dataclass
class Task:
    params: Mapping[str, Any]
    check_mode: bool = False
    diff: bool = False
    # Shown as the task's warnings (AnsibleModule.warn).
    warn: Callable[[str], None] = field(default=_ignore)
    # Hides each value (and its base64 form) in every output of the run (_args.mask).
    mask: Callable[[Iterable[str]], None] = field(default=_ignore)
    # Connects on first use: a run that needs no cluster (the stack module's state=rendered) never connects.
    connect: Callable[[], KubeSession] = field(default=_no_cluster)
    _session: KubeSession | None = field(default=None, init=False, repr=False)

    def session(self) -> KubeSession:
        if self._session is None:
            self._session = self.connect()
        return self._session

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def section(self, cls: type[T], argspec: Mapping[str, Mapping[str, Any]]) -> T:
        """The model entry (a vault, an application, a namespace, ...) built from the options ``argspec`` names;
        SpecError with every problem at once.

        The whole spec's checks across sections (a schedule's application, a quota's StorageClass) need the
        rest of the spec; a module has only its own entry, so those references are checked against the cluster
        instead. Messages name the module's own options (``granularity: 'Daly' is not one of Hourly, ...``).
        """
        issues = Issues()
        built = build(cls, present_params(self.params, argspec), "", issues)
        for issue in issues.warnings:
            self.warn(str(issue))
        if issues.errors or built is None:
            raise SpecError(issues.errors)
        return built

    def spec(self, data: object, prefix: str = "") -> StorageSpec:
        """Validate a spec built from the module's input; report every error at once, in option terms.

        ``prefix`` is the spec path the module's options live under (``backends[0].``): it is removed from
        messages, so they name the module's own options.
        """
        # Masked before validating: the errors of a spec that does not validate may quote its values.
        self.mask(raw_secret_values(StorageSpec, data))
        spec, found = validate(data)
        for issue in found:
            if issue.severity == "warning":
                self.warn(shown(issue, prefix))
        if spec is None:
            raise SpecError([i for i in found if i.severity == "error"])
        # Mask each secret as written and base64-encoded, as it appears in a rendered Secret's data.
        self.mask(secret_values(spec))
        return spec

    def request(self, cls: type[T]) -> T:
        """The request dataclass ``cls`` built from the options of the same names (one declaration: the
        argument spec says what the module takes, the dataclass what its entry reads of it), plus the run's
        ``check_mode`` and ``diff``. Lists become tuples and dicts string-valued, as the fields' types say."""
        hints = type_hints(cast(Any, cls))
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):  # type: ignore[arg-type]
            if item.name in ("check_mode", "diff"):
                values[item.name] = getattr(self, item.name)
            elif item.name in self.params:
                values[item.name] = _as_field(self.params[item.name], hints[item.name], item)
        return cls(**values)


def shown(issue: Issue, prefix: str) -> str:
    """An issue as the module's options name it (the spec path under ``prefix``)."""
    path = issue.path.removeprefix(prefix)
    return f"{path or '(spec)'}: {issue.message}"


def _as_field(value: Any, hint: Any, item: dataclasses.Field[Any]) -> Any:
    if value is None and item.default is not dataclasses.MISSING:
        return item.default  # an option left unset: the request's own default
    if value is None and item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    if get_origin(hint) is tuple and isinstance(value, list):
        return tuple(value)
    if get_origin(hint) is abc.Mapping and isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return value
