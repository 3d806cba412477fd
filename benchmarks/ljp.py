"""Speed of liquid_junction_potential (generated/membrane.py) on a 15-ion pipette/bath pair.

The issue's target is at most 50 ms per Nernst-Planck junction of 15 ions on this
machine; this prints the median time of each method over repeated calls and the ratio
to that target, measured in the same run (no timed unit test):

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

from generated.membrane import liquid_junction_potential  # noqa: E402

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


def _median_time(method: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        liquid_junction_potential(PIPETTE, BATH, 298.15, method)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ions = sorted(set(PIPETTE) | set(BATH))
    print(f"{len(ions)} ions; {platform.machine()}, {platform.python_version()}, numpy only")
    for method, repeat in (("henderson", 200), ("nernst-planck", 20)):
        seconds = _median_time(method, repeat)
        value = liquid_junction_potential(PIPETTE, BATH, 298.15, method)
        print(
            f"{method:<14} {value * 1e3:+9.4f} mV  median {seconds * 1e3:8.3f} ms  "
            f"target {TARGET_S * 1e3:.0f} ms  ratio {seconds / TARGET_S:.2f}"
        )


if __name__ == "__main__":
    main()
