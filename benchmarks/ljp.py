"""Speed of liquid_junction_potential (generated/membrane.py) on a 15-ion pipette/bath pair.

The issue's target is at most 50 ms per Nernst-Planck junction of 15 ions on this
machine; this prints the median time of each method over repeated calls and the ratio
to that target, for the numpy module and (with numba) the compiled one, whose solver
integrates with numba, measured in the same run (no timed unit test), and the load:

    python benchmarks/ljp.py
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

from generated import membrane  # noqa: E402

try:
    from generated import membrane_compiled  # noqa: E402
except ImportError:  # numba is optional
    membrane_compiled = None

#: 15 ions between them: a Cs-methanesulfonate pipette with ATP, EGTA, HEPES and TEA, and a
#: bicarbonate-buffered bath with phosphate and sulfate.
PIPETTE = {
    "Cs": 120, "methanesulfonate": 111, "Cl": 10, "Na": 10, "Mg": 4, "ATP": 4, "EGTA": 0.5,
    "HEPES": 10, "TEA": 10,
}
BATH = {
    "Na": 150, "K": 2.5, "Cl": 129.25, "Ca": 2, "Mg": 1, "HCO3": 26, "H2PO4": 1.25, "SO4": 1,
    "HEPES": 0.5, "choline": 0.5,
}
TARGET_S = 0.050


def _median_time(module, method: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        module.liquid_junction_potential(PIPETTE, BATH, 298.15, method)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)  # --help; no options

    ions = sorted(set(PIPETTE) | set(BATH))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(ions)} ions; {platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}; "
          f"load average (1 min) {load:.2f}")  # fmt: skip
    modules = [("numpy", membrane)]
    if membrane_compiled is not None:
        start = time.perf_counter()
        membrane_compiled.liquid_junction_potential(PIPETTE, BATH)  # compiles, or loads numba's cache
        print(f"compiled module: first call {time.perf_counter() - start:.2f} s (numba compiles or loads its cache)")
        modules.append(("compiled", membrane_compiled))
    numpy_np = None
    for label, module in modules:
        for method, repeat in (("henderson", 200), ("nernst-planck", 20 if label == "numpy" else 200)):
            seconds = _median_time(module, method, repeat)
            value = module.liquid_junction_potential(PIPETTE, BATH, 298.15, method)
            extra = ""
            if method == "nernst-planck":
                numpy_np = numpy_np or seconds
                extra = f"  numpy/this {numpy_np / seconds:.1f}x"
            print(
                f"{label:<8} {method:<14} {value * 1e3:+9.4f} mV  median {seconds * 1e3:8.3f} ms  "
                f"target {TARGET_S * 1e3:.0f} ms  ratio {seconds / TARGET_S:.2f}{extra}"
            )


if __name__ == "__main__":
    main()
