"""Run the Trident TEST STAND-IN in the foreground: ``PYTHONPATH=tests python -m standin --kubeconfig K``.

For the demo and molecule, which need Trident's status effects from a separate process. Runs until
SIGTERM or SIGINT, then stops cleanly (exit code 0). Prints ``[trident stand-in] ready`` once its
caches are filled, so a parent process can wait for that line.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .controller import LOG_PREFIX, StandIn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m standin", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--kubeconfig",
        type=Path,
        default=os.environ.get("TRIDENTOPS_KUBECONFIG_STANDIN"),
        help="kubeconfig of the stand-in's own user (default: $TRIDENTOPS_KUBECONFIG_STANDIN)",
    )
    parser.add_argument("--workers", type=int, default=12, help="reconcile worker threads (default: 12)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also log watch reconnects and retries")
    args = parser.parse_args(argv)
    if args.kubeconfig is None:
        parser.error("--kubeconfig is required (or set TRIDENTOPS_KUBECONFIG_STANDIN)")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(message)s",
        stream=sys.stderr,
    )

    done = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    standin = StandIn(args.kubeconfig, workers=args.workers)
    try:
        standin.start()
    except TimeoutError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{LOG_PREFIX} ready", flush=True)
    # Event.wait with a timeout keeps the main thread responsive to signals.
    while not done.wait(3600):
        pass
    standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
