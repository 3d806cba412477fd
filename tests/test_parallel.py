"""Building on two processes (derive.parallel, ``derive build --jobs N``): the same bytes and
the same errors as a serial build, no process left behind."""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sympy

import derive
from derive import build as build_module
from derive import cache, parallel
from derive import figures as figures_module
from derive.catalogue import catalogue
from derive.cli import main
from derive.derivation import Derivation
from derive.errors import SpecificationError, VerificationError
from derive.figures import figure_pair, figure_plots, plotting_module
from derive.notation import DEFAULT
from derive.project import RelationUse
from derive.relations import _REGISTRY, RelationEntry

from helpers import GENERATED, ROOT, rendered

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()),
    reason="helper processes are forked on Linux only",
)

#: Threads of pools that wait, idle, between calls: dask's threaded scheduler (which earlier
#: tests in this worker may have started) and a generated compiled module's chunk threads.
_IDLE_POOLS = ("ThreadPoolExecutor-", parallel.POOL_THREAD_PREFIX)


@pytest.fixture(autouse=True)
def _forkable(request, monkeypatch):
    """These tests share work with forked children. can_fork() refuses in a process running
    other threads than a compiled module's pool, and a test worker that ran dask before has
    dask's idle pool: that pool is let through here (its threads hold no lock between
    computations), any other thread fails the test. The test of can_fork itself is left alone."""
    if "idle_pool" in request.node.name:
        return
    current = threading.current_thread()
    others = [t.name for t in threading.enumerate() if t is not current]
    assert all(name.startswith(_IDLE_POOLS) for name in others), f"threads that may hold locks: {others}"
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


class Refused(SpecificationError):
    """A task's failure, with a message naming the task."""


def _wait_for(path: Path, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_shared_returns_the_serial_results_in_order():
    def square(i: int) -> tuple[int, int]:
        return i * i, os.getpid()

    results, extra = parallel.shared(40, square, 2, meanwhile=lambda: "texts", children_from_front=True)
    assert [value for value, _ in results] == [i * i for i in range(40)]
    assert extra == "texts"
    assert parallel.shared(40, square, 1)[0] == [(i * i, os.getpid()) for i in range(40)]


def test_a_task_that_fails_in_a_child_raises_here_as_in_a_serial_run(tmp_path):
    """Task 0 fails wherever it runs; a child takes it first (this process waits until the child
    has tried it), and the error raised here is the serial run's, type and message."""
    marker = tmp_path / "tried"
    here = os.getpid()

    def task(i: int) -> int:
        if i == 0:
            if os.getpid() != here:
                marker.write_text(str(os.getpid()))
            raise Refused("task 0: refused on purpose")
        return i

    with pytest.raises(Refused) as serial:
        parallel.shared(3, task, 1)
    with pytest.raises(Refused) as shared:
        parallel.shared(3, task, 2, meanwhile=lambda: _wait_for(marker), children_from_front=True)
    assert int(marker.read_text()) != here  # a child did take it, and failed
    assert type(shared.value) is type(serial.value) and str(shared.value) == str(serial.value)


def test_a_failure_here_is_raised_in_task_order(tmp_path):
    """Tasks 1 and 3 fail: whichever process meets which, the error is task 1's, as serially."""

    def task(i: int) -> int:
        if i in (1, 3):
            raise Refused(f"task {i} refused")
        return i

    for jobs in (1, 2, 3):
        with pytest.raises(Refused, match="task 1 refused"):
            parallel.shared(5, task, jobs)


def test_no_child_is_left_behind(tmp_path):
    """After shared returns or raises, its children have exited (none orphaned or a zombie)."""
    pids = tmp_path / "pids"
    pids.mkdir()

    def task(i: int) -> int:
        (pids / str(os.getpid())).touch()
        time.sleep(0.05)
        if i == 5:
            raise Refused("task 5 refused")
        return i

    with pytest.raises(Refused):
        parallel.shared(6, task, 3)
    children = [int(p.name) for p in pids.iterdir() if int(p.name) != os.getpid()]
    assert children, "no child ran a task"
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already
        assert not Path(f"/proc/{pid}").exists()


# ------------------------------------------------------------------ a relation that fails in a child


def _renamed(d: Derivation, name: str, title: str, steps: tuple = ()) -> Derivation:
    return Derivation(
        name=name, title=title, summary=d.summary, assumptions=d.assumptions, steps=steps or d.steps,
        conventions=d.conventions, results=d.results, local_symbols=d.local_symbols,
    )  # fmt: skip


_NAMES = itertools.count()


def _register(monkeypatch, stem: str, factory) -> str:
    """Register an unlisted relation, under a name no earlier build in this process used, whose
    derivation is ``factory()``'s steps (``factory(name, title)`` if it takes them) under that name."""
    name = f"{stem}_{next(_NAMES)}"
    title = name.replace("_", " ")

    def build():
        if inspect.signature(factory).parameters:
            return factory(name, title)
        return _renamed(factory(), name, title)

    monkeypatch.setitem(_REGISTRY, name, RelationEntry(name, build, title, listed=False))
    return name


def _slow():
    time.sleep(1.5)  # long enough for a child to start and take the other relation
    return derive.relation("fick")


def _project(*names: str):
    return dataclasses.replace(catalogue(), relations=tuple(RelationUse(n) for n in names), functions=())


def test_a_relation_that_fails_in_a_child_gives_the_serial_error(monkeypatch, tmp_path):
    """Fick's law with its result doubled fails verification. A child takes it from the end of
    the list (this process is busy with a slow relation), fails; this process verifies it again
    and raises the same VerificationError as a serial build."""
    tried = tmp_path / "tried"
    tried.mkdir()

    def broken(name: str, title: str) -> Derivation:
        (tried / str(os.getpid())).touch()
        d = derive.relation("fick")
        last = d.steps[-1]
        wrong = dataclasses.replace(last, equation=sympy.Eq(last.equation.lhs, 2 * last.equation.rhs))
        return _renamed(d, name, title, (*d.steps[:-1], wrong))

    bad = _register(monkeypatch, "broken_fick", broken)
    with pytest.raises(VerificationError) as serial:
        build_module._derivations(_project(_register(monkeypatch, "slow_fick", _slow), bad), 1)
    assert "broken_fick" in str(serial.value)
    (tried / str(os.getpid())).unlink()
    with pytest.raises(VerificationError) as shared:
        build_module._derivations(_project(_register(monkeypatch, "slow_fick", _slow), bad), 2)
    pids = {int(p.name) for p in tried.iterdir()}
    assert os.getpid() in pids and len(pids) == 2  # a child tried it, then this process
    assert str(shared.value) == str(serial.value)


def test_what_a_child_verified_is_read_back_not_verified_again(monkeypatch, tmp_path):
    """The child's checks reach this process through the cache: with the child verifying the
    last relation, this process checks none of its steps."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DERIVE_NO_CACHE", raising=False)
    checked = []
    original = Derivation._check_step

    def counting(self, number, *args):
        checked.append(self.name)
        return original(self, number, *args)

    monkeypatch.setattr(Derivation, "_check_step", counting)
    slow = _register(monkeypatch, "slow_fick", _slow)
    other = _register(monkeypatch, "other_fick", lambda: derive.relation("fick"))
    derivations = build_module._derivations(_project(slow, other), 2)
    assert [d.name for d in derivations] == [slow, other]
    assert slow in checked  # verified here
    assert other not in checked  # verified by the child, read back here
    assert all(c.method in ("given", "symbolic", "numeric") for c in derivations[1].checks)


def test_without_the_cache_everything_is_verified_here(monkeypatch):
    """--no-cache: a child's checks would have nowhere to go, so none is forked to verify."""
    forked = []
    monkeypatch.setattr(parallel, "shared", lambda *a, **k: forked.append(1))
    with cache.disabled():
        assert [d.name for d in build_module._derivations(_project("fick", "nernst"), 2)] == ["fick", "nernst"]
    assert not forked


# ------------------------------------------------------------------ the same bytes


def test_figures_drawn_in_a_child_are_the_committed_bytes():
    """Three figures shared between two processes are byte for byte generated/'s (what the serial
    build wrote), whichever process drew each."""
    project = catalogue()
    plots = [p for p in figure_plots(project.names) if p[0] in ("derivation-map", "pump_leak", "transport_free_energy")]
    module = plotting_module(rendered()["membrane.py"])
    drawn, _ = parallel.shared(len(plots), lambda i: (os.getpid(), figure_pair(*plots[i], DEFAULT, module)), 2)
    for pid, pair in drawn:
        for name, content in pair:
            committed = (GENERATED / name).read_bytes()
            where = "this process" if pid == os.getpid() else "a child"
            assert content == committed, f"{name}, drawn in {where}: {len(content)} bytes, committed {len(committed)}"


@pytest.mark.slow
def test_render_all_on_two_processes_is_the_serial_render(monkeypatch):
    """Everything rendered on two processes (figures drawn again, not taken from memory) equals
    the session's serial render."""
    monkeypatch.setattr(figures_module, "_DRAWN", {})
    assert build_module.render_all(jobs=2) == rendered()


def test_cli_jobs_option(tmp_path, capsys):
    """--jobs 1 builds in this process alone; 0 or a word is refused by name."""
    rendered()  # the session's render, remembered in its cache: the build reads it back
    assert main(["build", "--no-pdf", "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    assert (tmp_path / "one" / "membrane.py").read_bytes() == (GENERATED / "membrane.py").read_bytes()
    capsys.readouterr()
    for bad in ("0", "two"):
        with pytest.raises(SystemExit):
            main(["build", "--jobs", bad, "--out", str(tmp_path / "x")])
        assert "--jobs" in capsys.readouterr().err


def test_default_jobs():
    assert parallel.default_jobs() == min(2, parallel.available_cpus())



_IDLE_POOL_SCRIPT = """
import os, sys, threading, time
import numpy as np
from derive import parallel
import generated.membrane_compiled as m

assert parallel.can_fork(), [t.name for t in threading.enumerate()]
spec = m._nernst_potential_spec
args = [np.full(1 << 19, 5.0), np.asarray(140.0), np.asarray(1.0), np.asarray(310.15)]
out = m._run_compiled(spec, True, args, None, threads=2)
assert np.array_equal(out, np.full(1 << 19, m.nernst_potential(5.0, 140.0, 1.0)))
started = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
assert started and all(n.startswith(parallel.POOL_THREAD_PREFIX) for n in started), started
assert parallel.can_fork()
results, _ = parallel.shared(4, lambda i: time.sleep(0.5) or os.getpid(), 2)
assert len(set(results)) == 2, "no child ran a task"  # 2 s of tasks: a forked child takes some

stop = threading.Event()
other = threading.Thread(target=stop.wait, name="the caller's own")
other.start()
assert not parallel.can_fork()
stop.set()
other.join()
assert parallel.can_fork()
print("checked")
"""


def test_a_compiled_modules_idle_pool_does_not_stop_forking_and_another_thread_does(membrane_compiled):
    """A large call of the compiled module leaves its chunk threads waiting (numba_runtime's
    _in_threads): they are named with POOL_THREAD_PREFIX, so a build in the same process still
    forks; a thread of the caller's own makes it serial. In a fresh interpreter (this worker may
    run dask's pool), forced to two threads so that the pool starts on a one-CPU machine too."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", _IDLE_POOL_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "checked", done.stderr[-3000:]

# ------------------------------------------------------------------ interrupted builds


def _helpers_of(pid: int, seconds: float = 60.0) -> list[int]:
    """The child processes of ``pid`` once it has some (Linux's /proc)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            found = []
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"process {pid} started no helper in {seconds} s")


def _gone(pid: int, seconds: float = 5.0) -> bool:
    """Whether ``pid`` has exited (gone, or a zombie nobody has reaped yet) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_an_interrupted_build_leaves_the_old_output_and_no_helper(tmp_path, how):
    """Ctrl-C during a cold build: exit 130, the output folder as it was, the helper ended. A build
    killed outright (no clean-up at all) still takes its helper with it (PR_SET_PDEATHSIG)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    env = {**os.environ, "DERIVE_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("DERIVE_NO_CACHE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "derive", "build", "--no-pdf", "--jobs", "2", "--out", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        helpers = _helpers_of(proc.pid)
        time.sleep(0.5)  # both at work
        proc.send_signal(how)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == (130 if how == signal.SIGINT else -signal.SIGKILL), err[-3000:]
    if how == signal.SIGINT:
        assert "interrupted" in err and "Traceback" not in err
    assert all(_gone(pid) for pid in helpers)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert (out / "notes.txt").read_text() == "mine"
