"""Helper processes (`web/helpers.py`): work done in a process of its own, at the priority asked
for, and a helper that died replaced."""

from __future__ import annotations

import os
import signal

from lineofsight.web import helpers


def test_work_is_done_in_another_process_at_a_lower_priority() -> None:
    helper = helpers.Helper("test", niceness=5)
    try:
        pid = helper.run(os.getpid, timeout=120)
        assert pid != os.getpid()
        # The helper's nice value is this process's plus 5 (at most 19, the lowest priority).
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert helper.run(os.getpriority, os.PRIO_PROCESS, 0, timeout=120) == min(19, mine + 5)
        assert helper.run(os.getpid, timeout=120) == pid  # one helper, kept
    finally:
        helper.forget()


def test_a_helper_that_died_is_replaced_and_the_work_still_done() -> None:
    helper = helpers.Helper("test")
    try:
        first = helper.run(os.getpid, timeout=120)
        for process in list(helper.pool()._processes.values()):  # killed, as out of memory
            os.kill(process.pid, signal.SIGKILL)
            process.join(10)
        second = helper.run(os.getpid, timeout=120)
        assert second not in (first, os.getpid())
    finally:
        helper.forget()
