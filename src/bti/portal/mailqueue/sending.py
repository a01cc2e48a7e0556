"""The thread that sends a queue's mail: zope.sendmail's, with neutral log lines."""

from zope.sendmail.queue import QueueProcessorThread

import contextlib
import logging
import os
import sys
import time


INTERVAL = 3.0  # seconds between rounds
QUIET_FOR = 600.0  # a failure that keeps coming back is logged every 10 min
logger = logging.getLogger("bti.portal.mail")


class NeutralLog:
    """zope.sendmail's log calls, said without sender or recipients; a failure
    that repeats is said once per ``QUIET_FOR`` seconds."""

    def __init__(self, interval: float = INTERVAL):
        self.interval = interval
        self.failed = False  # the last mail tried was not sent
        self._last = ("", 0.0)

    def info(self, *args, **kw):
        self._last = ("", 0.0)  # sent: the next failure is news

    def error(self, *args, **kw):
        logger.warning("Queued mail refused for good by the mail server; set aside")

    def exception(self, *args, **kw):
        self.failed = True
        error = type(sys.exc_info()[1]).__name__
        name, when = self._last
        if name == error and time.monotonic() - when < QUIET_FOR:
            return
        self._last = (error, time.monotonic())
        logger.warning(
            "Queued mail not sent yet: %s; tried again every %g s", error, self.interval
        )


class SendingThread(QueueProcessorThread):
    def __init__(self, interval: float = INTERVAL):
        super().__init__(interval)
        self.name = "bti.portal.mailqueue"
        self.log = NeutralLog(interval)

    def _process_one_file(self, filename):
        self.log.failed = False
        super()._process_one_file(filename)
        if self.log.failed:
            self._forget_attempt(filename)

    def _forget_attempt(self, filename):
        """zope.sendmail keeps a failed mail's claim (its ``.sending-`` link)
        for three hours and the mailer's broken connection: drop both, so the
        next round tries again on a new connection. The claim is ours: nobody
        else can make one while it exists."""
        head, tail = os.path.split(filename)
        if os.path.exists(filename):
            self._unlink_if_exists(os.path.join(head, ".sending-" + tail))
        with contextlib.suppress(AttributeError):
            self.mailer.connection = None
