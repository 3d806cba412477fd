"""Building on more than one core: forked helper processes that share a build's tasks.

``derive build --jobs N`` (default: two, or one on a one-core machine) splits the two
costly parts of a cold build between this process and N - 1 forked children:

* verifying the relations: the children verify relations from the end of the report's
  list into the on-disk verification cache (:mod:`derive.cache`) while this process
  verifies from the front; then this process builds every derivation in report order,
  reading back what a child recorded instead of verifying it again;
* drawing the figures: the children draw figures from the front of the list and send
  their bytes back, while this process renders the reports and the compiled module, then
  draws figures from the back.

Why it cannot change what is built. A child computes nothing this process could not: the
same pure function of the same inputs (a fork inherits the whole state), and this
process assembles the results in the serial order. A task a child did not finish -- it
failed, it died, it was killed -- is done here afterwards, in order, so a failure is
raised here exactly as a serial build raises it (the first failing relation in report
order, with the same :class:`~derive.errors.DeriveError` and message). A child never
writes output: only the cache (atomic writes), and only verification records, which hold
no result a check did not establish. Without the cache (``--no-cache``) the verification
is done here alone (a child's checks would have nowhere to go).

Children ignore Ctrl-C (this process handles it and ends them), are ended when this
process ends or fails (``finally``), and are killed by the kernel if this process dies
without cleaning up (``PR_SET_PDEATHSIG`` on Linux). Where ``fork`` is unavailable or
unsafe (not Linux, or a process running other threads than a compiled module's idle pool),
everything runs here, serially.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

#: Seconds to wait for the lock of the shared task counter before giving up on sharing.
_LOCK_TIMEOUT = 10.0


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """``derive build``'s default: two processes, or one on a one-CPU machine (the build has
    two large parts that overlap well; more processes would mostly wait)."""
    return max(1, min(2, available_cpus()))


#: The name prefix of the threads a generated compiled module keeps for its chunks
#: (``_in_threads`` in derive/printing/numba_runtime.py; a test checks the two agree).
POOL_THREAD_PREFIX = "derive-compiled"


def can_fork() -> bool:
    """Whether helper processes are forked here: on Linux, from a process running no other
    thread (a fork copies only the calling thread, so a lock another thread held would stay
    locked in the child forever). Otherwise builds run serially.

    The idle threads of a generated compiled module's pool do not count: a compiled call
    returns only after its pool threads are done with it, so while this thread builds, they
    wait for work holding no lock the child uses (the child makes its own pool if it needs one).
    Any other thread, such as one of the caller's that may be inside a compiled call, does.
    """
    current = threading.current_thread()
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and all(t is current or t.name.startswith(POOL_THREAD_PREFIX) for t in threading.enumerate())
    )


class _Counter:
    """The next task from the front and from the back of ``count`` tasks, shared between processes."""

    def __init__(self, count: int) -> None:
        self._ends = multiprocessing.get_context("fork").Array("i", [0, count - 1])

    def take(self, front: bool) -> int | None:
        """The next unclaimed task from one end, or None when none is left (or the lock is stuck)."""
        lock = self._ends.get_lock()
        if not lock.acquire(timeout=_LOCK_TIMEOUT):
            return None
        try:
            lo, hi = self._ends[0], self._ends[1]
            if lo > hi:
                return None
            if front:
                self._ends[0] = lo + 1
                return lo
            self._ends[1] = hi - 1
            return hi
        finally:
            lock.release()

    def stop(self) -> None:
        """Claim everything left: nobody starts another task."""
        lock = self._ends.get_lock()
        if lock.acquire(timeout=_LOCK_TIMEOUT):
            try:
                self._ends[0], self._ends[1] = 1, 0
            finally:
                lock.release()


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this child if its parent dies (Linux's PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _child(parent: int, counter: _Counter, do: Callable[[int], Any], front: bool, send: Any) -> None:
    """A child's life: take tasks from one end until none is left; send what was done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the children
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler, inherited by the fork
    _die_with_parent(parent)
    done: dict[int, Any] = {}
    try:
        while (i := counter.take(front)) is not None:
            done[i] = do(i)
    except BaseException:  # noqa: BLE001 - the parent does the task again and raises its error
        pass
    try:
        send.send(done)
    except BaseException:  # noqa: BLE001 - a parent that stopped listening does everything itself
        pass
    finally:
        send.close()


def shared(
    count: int,
    do: Callable[[int], Any],
    jobs: int,
    *,
    meanwhile: Callable[[], Any] = lambda: None,
    children_from_front: bool = False,
) -> tuple[list[Any], Any]:
    """``([do(0), ..., do(count - 1)], meanwhile())``, with the tasks shared among ``jobs`` processes.

    ``jobs - 1`` forked children take tasks from one end (the back, or the front with
    ``children_from_front``) and send their results back (``do``'s results must pickle);
    this process first runs ``meanwhile()``, then takes tasks from the other end. What no
    child finished, and any task of this process that failed, is then done here in task
    order, so an error is raised as a serial run raises it. ``jobs <= 1``, one task, or no
    ``fork``: everything here, in order.
    """
    def serial() -> tuple[list[Any], Any]:
        extra = meanwhile()
        return [do(i) for i in range(count)], extra

    if jobs <= 1 or count < 2 or not can_fork():
        return serial()
    context = multiprocessing.get_context("fork")
    try:
        counter = _Counter(count)
    except OSError:  # no shared memory here: one process
        return serial()
    children = []
    try:
        for _ in range(min(jobs, count) - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_child, args=(os.getpid(), counter, do, children_from_front, send), daemon=True
            )
            try:
                process.start()
            except (OSError, AssertionError):  # out of processes, or inside a daemonic process: fewer helpers
                receive.close()
                send.close()
                break
            send.close()
            children.append((process, receive))
        extra = meanwhile()
        done: dict[int, Any] = {}
        try:
            while (i := counter.take(not children_from_front)) is not None:
                done[i] = do(i)
        except Exception:  # noqa: BLE001 - done again below, in order, where it raises as in a serial run
            counter.stop()
        for process, receive in children:
            try:
                done.update(receive.recv())
            except (EOFError, OSError):
                pass  # the child died: its tasks are done here
        return [done[i] if i in done else do(i) for i in range(count)], extra
    finally:
        _end(children)


def _end(children: Sequence[tuple[Any, Any]]) -> None:
    """End and reap the children (none is left behind), and close their pipes."""
    for process, receive in children:
        receive.close()
        if process.is_alive():
            process.terminate()
    for process, _ in children:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
