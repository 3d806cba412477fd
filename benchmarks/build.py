"""How long the command line takes, cold and warm: ``python benchmarks/build.py``.

Each command runs in a fresh process (``python -m derive ...``, the CLI) with its own
verification cache folder, so "cold" means nothing verified yet and "warm" means the
same command ran before with the same cache. Printed per command: wall time and the CPU
time of the process and its children (user + system, from ``getrusage``: the forked
helpers of ``--jobs 2`` and pdflatex included), the minimum over ``--rounds``, and the
target of issue 12. CPU time is what to compare on a machine shared with other work;
wall time is what a user waits. The cold builds' output is compared with ``generated/``
byte for byte (the PDF too, where built).

    verify only  the catalogue's relations verified, nothing rendered, empty cache (one
                 process): its CPU time over the CPUs is the floor of any cold build here
    cold -j1     derive build --no-pdf --jobs 1, empty cache (one process)
    cold         derive build --no-pdf, empty cache (default: two processes)      target ≤ 8 s
    cold pdf     derive build, empty cache, PDF included (the review flags > 45 s)
    warm build   derive build --no-pdf again                                      target ≤ 3 s
    checks only  the same with the rendered artifacts removed from the cache
    list         derive list (after one run: the listing is remembered)          target ≤ 1 s
    list cold    derive list, empty cache (the first listing after derive changed: it
                 imports the relations to read their titles)
    show warm    derive show ghk_voltage (after one run)                          target ≤ 2 s
    import       python -c "import derive" (no SymPy until a name needs it)
    help         derive --help

The machine (CPU model, CPUs this process may use) and the load average before and after
are printed with the table: the figures mean little without them.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The "verify only" row: every relation of the catalogue derived and verified, nothing rendered.
VERIFY_ONLY = "from derive.build import verification_summaries; verification_summaries()"


def run(args: list[str], cache: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of ``python -m derive *args`` (or ``python *args`` when ``args``
    starts with ``-c``) with ``cache`` as its cache folder."""
    env = {**os.environ, "DERIVE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("DERIVE_NO_CACHE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "derive", *args]
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"derive {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def machine() -> str:
    """The CPU model and how many CPUs this process may use."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.machine()}, {cpus} CPUs ({model}), Python {platform.python_version()}"


def same_as_generated(out: Path, pdf: bool) -> str:
    """Whether ``out`` holds exactly generated/'s files, byte for byte (without the PDF if not built)."""
    generated = ROOT / "generated"

    def files(folder: Path) -> set[str]:
        found = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
        return found if pdf else found - {"report.pdf"}

    if files(out) != files(generated):
        return "NO (other files)"
    names = sorted(files(out) - {"derive-manifest.sha256"})  # the manifest lists report.pdf only when built
    _, mismatch, errors = filecmp.cmpfiles(out, generated, names, shallow=False)
    return "yes" if not mismatch and not errors else f"NO ({', '.join(mismatch + errors)[:200]})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (minimum reported)")
    parser.add_argument("--cold-rounds", type=int, default=1, help="rounds of each cold build (slow)")
    parser.add_argument("--no-pdf-build", action="store_true", help="skip the cold build with the PDF")
    parser.add_argument(
        "--cli-only", action="store_true", help="only the rows from 'list' on (no build is timed; a minute, not ten)"
    )
    args = parser.parse_args()
    rows: list[tuple[str, float, float, float | None]] = []
    identical: list[str] = []
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
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

        def cold(name: str, target: float | None, extra: list[str], pdf: bool) -> None:
            folder = work / name.replace(" ", "-")
            best(name, target, fresh, ["build", *extra, "--out", str(folder)], args.cold_rounds)
            identical.append(f"{name}: {same_as_generated(folder, pdf)}")

        # The catalogue's relations verified and nothing else, in one process, with an empty cache
        # (the numeric functions' domain checks not included): divided by the CPUs, the least wall
        # time any cold build can take while verification costs what it does.
        warm = work / "warm"
        if not args.cli_only:
            best("verify only", None, fresh, ["-c", VERIFY_ONLY], args.cold_rounds)
            cold("cold -j1", None, ["--no-pdf", "--jobs", "1"], False)
            cold("cold", 8.0, ["--no-pdf"], False)
            if not args.no_pdf_build:
                cold("cold pdf", 45.0, [], True)
            run(build, warm)  # fill the warm cache
            best("warm build", 3.0, lambda i: warm, build, args.rounds)

            def checks_only(i: int) -> Path:
                shutil.rmtree(warm / "artifacts", ignore_errors=True)
                return warm

            best("checks only", None, checks_only, build, args.rounds)
        run(["list"], warm)
        best("list", 1.0, lambda i: warm, ["list"], args.rounds)
        best("list cold", None, fresh, ["list"], args.rounds)
        run(["show", "ghk_voltage"], warm)
        best("show warm", 2.0, lambda i: warm, ["show", "ghk_voltage"], args.rounds)
        best("import", None, lambda i: warm, ["-c", "import derive"], args.rounds)
        best("help", None, lambda i: warm, ["--help"], args.rounds)

    print(f"machine: {machine()}")
    print(f"{'command':<12} {'wall s':>8} {'cpu s':>8} {'target s':>9}  status (by cpu; by wall)")
    for name, wall, cpu, target in rows:
        if target is None:
            status, shown = "", "-"
        else:
            status = f"{'met' if cpu <= target else 'NOT met'}; {'met' if wall <= target else 'NOT met'}"
            shown = f"{target:g}"
        print(f"{name:<12} {wall:8.2f} {cpu:8.2f} {shown:>9}  {status}")
    walls = {name: wall for name, wall, _, _ in rows}
    cpus = {name: cpu for name, _, cpu, _ in rows}
    if not args.cli_only:
        print(f"cold build wall, --jobs 1 / default: {walls['cold -j1'] / walls['cold']:.2f}x (same run)")
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(
            f"floor of a cold build's wall time here: verification alone, {cpus['verify only']:.1f} s of CPU "
            f"spread over {usable} CPUs = {cpus['verify only'] / usable:.1f} s (target of a cold build 8 s)"
        )
        print("output byte-identical to generated/: " + "; ".join(identical))
    print(
        f"derive list remembered / with an empty cache: {walls['list'] / walls['list cold']:.2f}x wall, "
        f"{cpus['list'] / cpus['list cold']:.2f}x CPU (same run)"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min): {load_before:.2f} before, {load:.2f} at the end, on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
