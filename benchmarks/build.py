"""How long the command line takes, cold and warm: ``python benchmarks/build.py``.

Each command runs in a fresh process (``python -m derive ...``, the CLI) with its own
verification cache folder, so "cold" means nothing verified yet and "warm" means the
same command ran before with the same cache. Printed per command: wall time and the CPU
time of the process (user + system, from ``getrusage``), the minimum over ``--rounds``,
and the target of issue 12. CPU time is what to compare on a machine shared with other
work; wall time is what a user waits.

    cold build   derive build --no-pdf, empty cache                      target ≤ 8 s
    warm build   the same again                                          target ≤ 3 s
    checks only  the same with the rendered artifacts removed from the cache
    list         derive list                                             target ≤ 1 s
    show warm    derive show ghk_voltage (after one run)                 target ≤ 2 s
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cache: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of ``python -m derive *args`` with ``cache`` as its cache folder."""
    env = {**os.environ, "DERIVE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("DERIVE_NO_CACHE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "derive", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"derive {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (minimum reported)")
    parser.add_argument("--cold-rounds", type=int, default=1, help="rounds of the cold build (slow)")
    args = parser.parse_args()
    rows: list[tuple[str, float, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="derive-bench-") as tmp:
        work = Path(tmp)
        out = work / "out"
        build = ["build", "--no-pdf", "--out", str(out)]

        def best(name: str, target: float | None, setup, command: list[str], rounds: int) -> None:
            walls, cpus = [], []
            for i in range(rounds):
                cache = setup(i)
                wall, cpu = run(command, cache)
                walls.append(wall)
                cpus.append(cpu)
            rows.append((name, min(walls), min(cpus), target))

        def fresh(i: int) -> Path:
            cache = work / f"cold-{i}"
            shutil.rmtree(cache, ignore_errors=True)
            return cache

        warm = work / "warm"
        best("cold build", 8.0, fresh, build, args.cold_rounds)
        run(build, warm)  # fill the warm cache
        best("warm build", 3.0, lambda i: warm, build, args.rounds)

        def checks_only(i: int) -> Path:
            shutil.rmtree(warm / "artifacts", ignore_errors=True)
            return warm

        best("checks only", None, checks_only, build, args.rounds)
        best("list", 1.0, lambda i: warm, ["list"], args.rounds)
        run(["show", "ghk_voltage"], warm)
        best("show warm", 2.0, lambda i: warm, ["show", "ghk_voltage"], args.rounds)

    print(f"{'command':<12} {'wall s':>8} {'cpu s':>8} {'target s':>9}  status (by cpu; by wall)")
    for name, wall, cpu, target in rows:
        if target is None:
            status, shown = "", "-"
        else:
            status = f"{'met' if cpu <= target else 'NOT met'}; {'met' if wall <= target else 'NOT met'}"
            shown = f"{target:g}"
        print(f"{name:<12} {wall:8.2f} {cpu:8.2f} {shown:>9}  {status}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) at the end: {load:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
