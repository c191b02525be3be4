"""Embedded Kubernetes control plane for tridentops tests and demos.

Starts etcd, kube-apiserver and kube-controller-manager (v1.20.2) as plain processes on
127.0.0.1, the way controller-runtime's envtest does: TLS with a throw-away CA, RBAC, static
bearer tokens for a few users, and a JSON audit log used to count write requests. Everything
a second process needs to reuse the control plane (pids, ports, URL, kubeconfigs) is written
to ``state.json`` in the state directory.

CLI: ``python hack/controlplane.py up|down|status|env``. Standard library only, so it runs
before any virtualenv exists.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KUBE_VERSION = "v1.20.2"
REPO_ROOT = Path(__file__).resolve().parent.parent
# "standin" is the test stand-in for Trident's controllers (tests/standin): its own identity, so its
# writes never count as the automation's.
USERS = ("admin", "automation", "viewer", "standin")
# The controller manager gets its own identity so its writes never count as the admin's.
CONTROLLER_MANAGER_USER = "system:kube-controller-manager"
_GROUPS = {"admin": "system:masters", "standin": "system:masters", CONTROLLER_MANAGER_USER: "system:masters"}
_COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager")
WRITE_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection"})
_AUDIT_POLICY = """\
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
"""


class ControlPlaneError(RuntimeError):
    """The control plane could not be started, found or stopped."""


def default_state_dir() -> Path:
    return Path(os.environ.get("TRIDENTOPS_CP_DIR") or REPO_ROOT / ".run" / "controlplane").resolve()


def _wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; return whether it held."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


@dataclass(frozen=True)
class Binaries:
    """Paths of the three server binaries."""

    apiserver: Path
    controller_manager: Path
    etcd: Path

    @classmethod
    def locate(cls) -> Binaries:
        """Find the binaries (env overrides first); raise with the remedy when one is missing."""
        cache_root = Path(os.environ.get("TRIDENTOPS_CACHE") or Path.home() / ".cache" / "tridentops")
        cache = cache_root / f"k8s-{KUBE_VERSION}"
        found = cls(
            apiserver=Path(os.environ.get("KUBE_APISERVER_BIN") or cache / "kube-apiserver"),
            controller_manager=Path(os.environ.get("KUBE_CONTROLLER_MANAGER_BIN") or cache / "kube-controller-manager"),
            etcd=Path(os.environ.get("ETCD_BIN") or shutil.which("etcd") or "/usr/bin/etcd"),
        )
        missing = [str(p) for p in (found.apiserver, found.controller_manager, found.etcd) if not os.access(p, os.X_OK)]
        if missing:
            raise ControlPlaneError(
                f"control-plane binaries missing: {', '.join(missing)}. Run `make kube` (hack/build-kube.sh) and "
                "install etcd (`apt-get install etcd-server`), or point KUBE_APISERVER_BIN, "
                "KUBE_CONTROLLER_MANAGER_BIN and ETCD_BIN at existing binaries."
            )
        return found


@dataclass(frozen=True)
class ApiEndpoint:
    """Just enough HTTPS client for readiness checks and audit sentinels (TLS verified)."""

    server: str
    ca_path: Path
    token: str

    def get(self, path: str, timeout: float = 5.0) -> int:
        """GET ``path`` and return the HTTP status; connection errors raise OSError."""
        context = ssl.create_default_context(cafile=str(self.ca_path))
        request = urllib.request.Request(self.server + path, headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code


@dataclass(frozen=True)
class AuditEvent:
    """One completed request from the audit log, reduced to what a failing test should print."""

    verb: str
    user: str
    resource: str
    namespace: str
    name: str
    code: int
    uri: str

    @property
    def dry_run(self) -> bool:
        return "dryRun=All" in self.uri

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.verb} {self.resource} {where} by {self.user} -> {self.code} ({self.uri})"

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> AuditEvent:
        ref = raw.get("objectRef") or {}
        resource = ref.get("resource", "")
        if ref.get("subresource"):
            resource += "/" + ref["subresource"]
        if ref.get("apiGroup"):
            resource += "." + ref["apiGroup"]
        return cls(
            verb=raw.get("verb", ""),
            user=(raw.get("user") or {}).get("username", ""),
            resource=resource,
            namespace=ref.get("namespace", ""),
            name=ref.get("name", ""),
            code=int((raw.get("responseStatus") or {}).get("code", 0)),
            uri=raw.get("requestURI", ""),
        )


@dataclass
class WriteCount:
    """Result of ``AuditLog.count_writes``; filled when the ``with`` block exits."""

    events: list[AuditEvent] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.events)

    def __str__(self) -> str:
        return f"{self.count} write request(s)" + "".join(f"\n  {event}" for event in self.events)


class AuditLog:
    """Reads the API server's JSON-lines audit log to count write requests.

    The API server may write a request's ResponseComplete event just after the client has its
    response. To make counts exact, ``sync`` sends a uniquely named GET (a 404 is fine) and waits
    until that request shows up: every request answered before it is logged by then.
    """

    def __init__(self, path: Path, api: ApiEndpoint) -> None:
        self.path = path
        self._api = api

    def mark(self) -> int:
        """A position in the log; events after it are counted by ``events_since``."""
        return self.path.stat().st_size if self.path.exists() else 0

    def sync(self, start: int = 0, timeout: float = 10.0) -> None:
        """Block until every request answered so far is in the log."""
        name = f"tridentops-audit-mark-{uuid.uuid4().hex}"
        self._api.get(f"/api/v1/namespaces/{name}")
        if not _wait_until(lambda: any(e.name == name for e in self._read(start)), timeout, interval=0.02):
            raise ControlPlaneError(f"audit sentinel {name} did not reach {self.path} within {timeout} s")

    def events_since(
        self, start: int, users: Collection[str] | None = None, verbs: Collection[str] = WRITE_VERBS
    ) -> list[AuditEvent]:
        """Completed requests after ``start`` (after a ``sync``), optionally only those of ``users``."""
        self.sync(start)
        return [e for e in self._read(start) if e.verb in verbs and (users is None or e.user in users)]

    @contextlib.contextmanager
    def count_writes(self, users: Collection[str] | None = None) -> Iterator[WriteCount]:
        """``with audit.count_writes(users={"admin"}) as writes: ...`` then ``writes.count``."""
        start = self.mark()
        result = WriteCount()
        yield result
        # Only reached when the block did not raise, so a sentinel timeout never hides its error.
        result.events = self.events_since(start, users)

    def _read(self, start: int) -> list[AuditEvent]:
        with self.path.open("rb") as log:
            log.seek(start)
            data = log.read()
        # A line still being written has no newline yet; it is read on the next poll.
        lines = data[: data.rfind(b"\n") + 1].splitlines()
        events = (json.loads(line) for line in lines if line)
        return [AuditEvent.from_json(e) for e in events if e.get("stage") in ("ResponseComplete", "Panic")]


def _free_ports(count: int) -> list[int]:
    # Hold all sockets open together so the kernel hands out distinct ports.
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _make_pki(pki: Path) -> None:
    """CA, API server serving cert for 127.0.0.1/localhost, service-account key pair."""
    pki.mkdir(parents=True, exist_ok=True)
    # Key identifiers and usages are spelled out because strict verifiers (Python >= 3.13) require them.
    (pki / "apiserver.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"  # EC keys: generated in milliseconds
    commands = (
        f"req -x509 {ec} -days 30 -subj /CN=tridentops-test-ca -keyout ca.key -out ca.crt"
        " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign",
        f"req -new {ec} -subj /CN=kube-apiserver -keyout apiserver.key -out apiserver.csr",
        "x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30"
        " -extfile apiserver.ext -out apiserver.crt",
        # The service-account signer must be RSA for kube-apiserver 1.20's token issuer.
        "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key",
        "pkey -in sa.key -pubout -out sa.pub",
    )
    for command in commands:
        done = subprocess.run(["openssl", *command.split()], cwd=pki, capture_output=True, text=True)
        if done.returncode:
            raise ControlPlaneError(f"openssl {command} failed:\n{done.stderr}")


def _is_running(pid: int) -> bool:
    """True for a live process; a zombie (exited, not yet reaped) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


class ControlPlane:
    """One control plane living in ``state_dir``: start it, reuse it from another process, stop it."""

    def __init__(self, state_dir: Path | str | None = None) -> None:
        self.state_dir = Path(state_dir).resolve() if state_dir else default_state_dir()
        self.state_file = self.state_dir / "state.json"
        self.pki_dir = self.state_dir / "pki"
        self.ca_path = self.pki_dir / "ca.crt"
        self.tokens_path = self.state_dir / "tokens.csv"
        self.audit_log_path = self.state_dir / "audit.log"
        self.audit_policy_path = self.state_dir / "audit-policy.yaml"
        self.etcd_data_dir = self.state_dir / "etcd-data"
        self.log_dir = self.state_dir / "logs"
        self.kubeconfig = self.state_dir / "kubeconfig"
        self.kubeconfigs = {user: self.state_dir / f"kubeconfig-{user}" for user in USERS}
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._argv: dict[str, list[str]] = {}

    # ----- reuse from another process -------------------------------------------------------
    @classmethod
    def from_state(cls, state_dir: Path | str | None = None) -> ControlPlane | None:
        """The control plane recorded in ``state_dir``, or None when it holds no state (it may be dead)."""
        plane = cls(state_dir)
        return plane if plane.state_file.exists() else None

    @classmethod
    def ensure_running(cls, state_dir: Path | str | None = None) -> ControlPlane:
        """Reuse a healthy control plane in ``state_dir`` or start a fresh one there."""
        plane = cls(state_dir)
        if not plane.is_healthy():
            plane.start()
        return plane

    @property
    def state(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.state_file.read_text())
        except FileNotFoundError:
            message = f"no control plane state in {self.state_dir}; run `python hack/controlplane.py up`"
            raise ControlPlaneError(message) from None
        return data

    @property
    def server(self) -> str:
        return str(self.state["server"])

    @property
    def tokens(self) -> dict[str, str]:
        """Bearer token per user name (read from the API server's token file)."""
        rows = (line.split(",") for line in self.tokens_path.read_text().splitlines())
        return {row[1]: row[0] for row in rows}

    def api(self, user: str = "admin") -> ApiEndpoint:
        return ApiEndpoint(self.server, self.ca_path, self.tokens[user])

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.audit_log_path, self.api("admin"))

    def env(self) -> dict[str, str]:
        """Environment variables a shell or subprocess needs to use this control plane."""
        env = {"KUBECONFIG": str(self.kubeconfig), "TRIDENTOPS_CP_DIR": str(self.state_dir)}
        env |= {f"TRIDENTOPS_KUBECONFIG_{user.upper()}": str(path) for user, path in self.kubeconfigs.items()}
        return env

    # ----- lifecycle ---------------------------------------------------------------------------
    def is_healthy(self) -> bool:
        """All three processes alive and /readyz answering 200 to the admin."""
        try:
            pids = self.state["pids"]
            # A control plane started before a user was added lacks its kubeconfig: not reusable.
            users_known = all(path.exists() for path in self.kubeconfigs.values())
            alive = users_known and all(_is_running(pids[c]) for c in _COMPONENTS)
            return alive and self.api().get("/readyz", timeout=2) == 200
        except (ControlPlaneError, OSError, KeyError, ValueError):
            return False

    def start(self, timeout: float = 60.0) -> None:
        """Start a fresh control plane (stopping leftovers in this state dir); raise with logs on failure."""
        binaries = Binaries.locate()
        self.stop()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(exist_ok=True)
        self.audit_log_path.unlink(missing_ok=True)
        _make_pki(self.pki_dir)
        users = {user: secrets.token_urlsafe(32) for user in (*USERS, CONTROLLER_MANAGER_USER)}
        self.tokens_path.write_text(
            "".join(f'{token},{user},{user},"{_GROUPS.get(user, "")}"\n' for user, token in users.items())
        )
        self.tokens_path.chmod(0o600)
        self.audit_policy_path.write_text(_AUDIT_POLICY)
        etcd_port, peer_port, api_port = _free_ports(3)
        server = f"https://127.0.0.1:{api_port}"
        for user in USERS:
            self._write_kubeconfig(self.kubeconfigs[user], server, user, users[user])
        shutil.copy2(self.kubeconfigs["admin"], self.kubeconfig)  # copy2 keeps the 0600 mode
        kcm_kubeconfig = self.state_dir / "kubeconfig-controller-manager"
        self._write_kubeconfig(kcm_kubeconfig, server, CONTROLLER_MANAGER_USER, users[CONTROLLER_MANAGER_USER])

        started = time.monotonic()
        try:
            self._spawn(
                "etcd",
                [
                    str(binaries.etcd),
                    "--name=default",
                    f"--data-dir={self.etcd_data_dir}",
                    "--logger=zap",
                    f"--listen-client-urls=http://127.0.0.1:{etcd_port}",
                    f"--advertise-client-urls=http://127.0.0.1:{etcd_port}",
                    f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
                    f"--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}",
                    f"--initial-cluster=default=http://127.0.0.1:{peer_port}",
                ],
            )
            self._spawn(
                "kube-apiserver",
                [
                    str(binaries.apiserver),
                    f"--etcd-servers=http://127.0.0.1:{etcd_port}",
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    f"--secure-port={api_port}",
                    f"--tls-cert-file={self.pki_dir / 'apiserver.crt'}",
                    f"--tls-private-key-file={self.pki_dir / 'apiserver.key'}",
                    f"--cert-dir={self.pki_dir}",  # never fall back to /var/run/kubernetes
                    f"--service-account-key-file={self.pki_dir / 'sa.pub'}",
                    f"--service-account-signing-key-file={self.pki_dir / 'sa.key'}",
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-cluster-ip-range=10.96.0.0/16",
                    "--allow-privileged=true",
                    f"--token-auth-file={self.tokens_path}",
                    "--authorization-mode=RBAC",
                    f"--audit-policy-file={self.audit_policy_path}",
                    f"--audit-log-path={self.audit_log_path}",
                    "--audit-log-format=json",
                    "--audit-log-mode=blocking",
                ],
            )
            self._write_state(server, [etcd_port, peer_port, api_port])
            admin = ApiEndpoint(server, self.ca_path, users["admin"])
            self._await("kube-apiserver /readyz", lambda: self._answers(admin, "/readyz"), started + timeout)
            self._spawn(
                "kube-controller-manager",
                [
                    str(binaries.controller_manager),
                    f"--kubeconfig={kcm_kubeconfig}",
                    "--controllers=namespace,garbagecollector,persistentvolume-binder,serviceaccount-token,serviceaccount",
                    f"--service-account-private-key-file={self.pki_dir / 'sa.key'}",
                    f"--root-ca-file={self.ca_path}",
                    "--leader-elect=false",
                    "--port=0",
                    "--secure-port=0",
                ],
            )
            self._write_state(server, [etcd_port, peer_port, api_port])
            # The "default" service account appears once the controller manager's controllers run.
            default_sa = "/api/v1/namespaces/default/serviceaccounts/default"
            self._await("kube-controller-manager", lambda: self._answers(admin, default_sa), started + timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 10.0) -> None:
        """Stop every process of this state dir (SIGTERM, then SIGKILL after ``grace``); idempotent."""
        # The API server and controller manager go first so they do not spend shutdown retrying etcd.
        for components in (("kube-controller-manager", "kube-apiserver"), ("etcd",)):
            pids = {pid for pid, name in self.processes() if name in components}
            pids |= {proc.pid for name, proc in self._procs.items() if name in components and proc.poll() is None}
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        if os.getpgid(pid) == pid:
                            os.killpg(pid, sig)
                        else:
                            os.kill(pid, sig)
                if _wait_until(lambda: not any(self._alive(p) for p in pids), grace, interval=0.05):  # noqa: B023
                    break
        for proc in self._procs.values():
            proc.poll()  # reap our children even when another process stopped them
        left = self.processes()
        if left:
            raise ControlPlaneError(f"processes survived SIGKILL: {left}")
        self._procs.clear()
        shutil.rmtree(self.etcd_data_dir, ignore_errors=True)
        self.state_file.unlink(missing_ok=True)

    def kill(self, component: str) -> None:
        """SIGKILL one component (etcd, kube-apiserver, kube-controller-manager), as a crash would; fault tests."""
        if component not in _COMPONENTS:
            raise ControlPlaneError(f"unknown component {component!r}: one of {', '.join(_COMPONENTS)}")
        pids = {pid for pid, name in self.processes() if name == component}
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not _wait_until(lambda: not any(self._alive(p) for p in pids), 10, interval=0.05):
            raise ControlPlaneError(f"{component} survived SIGKILL: {sorted(pids)}")

    def restart(self, component: str, timeout: float = 60.0) -> None:
        """Kill one component if it runs, start it again with the arguments (and so the ports and data) it had,
        and wait until the control plane is ready again; fault tests."""
        argv = self._argv.get(component) or self.state.get("argv", {}).get(component)
        if not argv:
            raise ControlPlaneError(f"no recorded command line for {component} in {self.state_dir}")
        self.kill(component)
        began = time.monotonic()
        self._spawn(component, argv, append=True)
        self._write_state(self.server, list(self.state["ports"].values()))
        admin = self.api("admin")
        # /readyz covers the API server's own start and its etcd connection.
        self._await(f"{component} restarted", lambda: self._answers(admin, "/readyz"), began + timeout)

    def processes(self) -> list[tuple[int, str]]:
        """(pid, component) of every live etcd/kube-* process whose command line uses this state dir.

        Found from /proc rather than state.json so processes of a crashed run are found too.
        """
        marker = f"{self.state_dir}{os.sep}"
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            name = os.path.basename(argv[0])
            if name in _COMPONENTS and any(marker in arg for arg in argv) and _is_running(int(proc.name)):
                found.append((int(proc.name), name))
        return found

    # ----- helpers -----------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str], append: bool = False) -> None:
        self._argv[name] = argv
        with (self.log_dir / f"{name}.log").open("ab" if append else "wb") as log:
            # A session of its own: the process group can be signalled without touching ours.
            self._procs[name] = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def _alive(self, pid: int) -> bool:
        for proc in self._procs.values():
            if proc.pid == pid:
                return proc.poll() is None  # also reaps our own children
        return _is_running(pid)

    @staticmethod
    def _answers(api: ApiEndpoint, path: str) -> bool:
        try:
            return api.get(path, timeout=2) == 200
        except OSError:
            return False

    def _await(self, what: str, condition: Callable[[], bool], deadline: float) -> None:
        def ready() -> bool:
            for name, proc in self._procs.items():
                if proc.poll() is not None:
                    raise ControlPlaneError(f"{name} exited with {proc.returncode}\n{self._tail(name)}")
            return condition()

        if not _wait_until(ready, max(deadline - time.monotonic(), 0), interval=0.1):
            logs = "\n".join(self._tail(name) for name in self._procs)
            raise ControlPlaneError(f"{what} not ready in time\n{logs}")

    def _tail(self, name: str, lines: int = 25) -> str:
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
        return f"--- last lines of {path} ---\n" + "\n".join(text)

    def _write_kubeconfig(self, path: Path, server: str, user: str, token: str) -> None:
        # JSON is valid YAML; the CA is embedded so the file works from any working directory.
        ca_data = base64.b64encode(self.ca_path.read_bytes()).decode()
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "tridentops", "cluster": {"server": server, "certificate-authority-data": ca_data}}],
            "users": [{"name": user, "user": {"token": token}}],
            "contexts": [{"name": f"tridentops-{user}", "context": {"cluster": "tridentops", "user": user}}],
            "current-context": f"tridentops-{user}",
        }
        path.write_text(json.dumps(config, indent=2) + "\n")
        path.chmod(0o600)

    def _write_state(self, server: str, ports: list[int]) -> None:
        previous = self.state if self.state_file.exists() else {}
        state = {
            "kube_version": KUBE_VERSION,
            "server": server,
            # A restart from another process knows only the restarted component: the others' are kept.
            "pids": {**previous.get("pids", {}), **{name: proc.pid for name, proc in self._procs.items()}},
            # So that a component can be restarted as it was, from this process or another.
            "argv": {**previous.get("argv", {}), **self._argv},
            "ports": dict(zip(("etcd_client", "etcd_peer", "kube_apiserver"), ports, strict=True)),
            "ca": str(self.ca_path),
            "kubeconfig": str(self.kubeconfig),
            "kubeconfigs": {user: str(path) for user, path in self.kubeconfigs.items()},
            "tokens_file": str(self.tokens_path),
            "audit_log": str(self.audit_log_path),
            "logs": str(self.log_dir),
        }
        # Written aside and renamed: a concurrent `status` never reads half a file.
        partial = self.state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(state, indent=2) + "\n")
        partial.replace(self.state_file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=("up", "down", "status", "env"))
    parser.add_argument("--state-dir", type=Path, default=None, help="default: $TRIDENTOPS_CP_DIR or .run/controlplane")
    args = parser.parse_args(argv)
    plane = ControlPlane(args.state_dir)
    try:
        if args.command == "up":
            began = time.monotonic()
            reused = plane.is_healthy()
            if not reused:
                plane.start()
            how = "reused" if reused else f"started in {time.monotonic() - began:.1f} s"
            print(f"control plane {how}: {plane.server}\nkubeconfig: {plane.kubeconfig}")
        elif args.command == "down":
            plane.stop()
            print(f"control plane in {plane.state_dir} stopped")
        elif args.command == "status":
            if not plane.is_healthy():
                print(f"control plane in {plane.state_dir} is not running", file=sys.stderr)
                return 1
            print(f"control plane running: {plane.server} (state {plane.state_dir})")
        else:
            plane.state  # noqa: B018 - raises the "run up first" error when nothing is recorded
            for key, value in plane.env().items():
                print(f"export {key}={value}")
    except ControlPlaneError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
