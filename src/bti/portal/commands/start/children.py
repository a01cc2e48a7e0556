"""Run ``make start``'s steps as child processes that Ctrl-C and SIGTERM stop.

The launcher handles SIGINT and SIGTERM itself, also when it was started with
SIGINT ignored (a shell starts background jobs so): each child runs in a
session of its own, gets SIGINT once (Zope closes its database), SIGTERM if it
is still running after a while, SIGKILL at last. When the launcher's parent
(make) is gone, it stops too.
"""

import os
import signal
import subprocess
import time


POLL = 0.2
GRACE = (15.0, 5.0)  # seconds after SIGINT, then after SIGTERM


class Children:
    def __init__(self):
        self.stop_signal = None
        self.parent = os.getppid()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.on_signal)

    def on_signal(self, signum, frame):
        self.stop_signal = signum

    @property
    def stopping(self) -> bool:
        if self.stop_signal is None and os.getppid() != self.parent:
            self.stop_signal = signal.SIGHUP  # make is gone
        return self.stop_signal is not None

    def run(self, args: list[str], env: dict) -> int:
        """Run ``args`` to its end, or until a stop signal; its exit code."""
        if self.stopping:
            return 0
        # The commands of make start itself (zconsole, runwsgi), not user input.
        child = subprocess.Popen(args, env=env, start_new_session=True)  # noqa: S603
        while True:
            try:
                code = child.wait(timeout=POLL)
            except subprocess.TimeoutExpired:
                if self.stopping:
                    return stop(child)
            else:
                return code


def stop(child: subprocess.Popen) -> int:
    for signum, grace in zip((signal.SIGINT, signal.SIGTERM), GRACE, strict=True):
        child.send_signal(signum)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if child.poll() is not None:
                return child.returncode
            time.sleep(POLL)
    child.kill()
    return child.wait()
