"""Worst error of every generated function against its 50-digit textbook reference.

Prints, for each function of both numeric modules, the largest error found in ulp of
the scale of the formula's terms (floored at the smallest subnormal, as the tests do),
on the points tests/test_accuracy.py checks (where careless forms lose digits), next to
the bound the tests enforce. The README's accuracy table is copied from this output:

    python benchmarks/accuracy.py
"""

from __future__ import annotations

import sys
import warnings
import zlib
from pathlib import Path

import mpmath
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from references import EPS, REFERENCES, TINIEST  # noqa: E402


def worst_ulps(fn, name: str) -> float:
    ref = REFERENCES[name]
    points = ref.points(np.random.default_rng(zlib.crc32(name.encode())))
    with warnings.catch_warnings():  # the points reach |V| = 20 V on purpose: no unit-slip warning for them
        warnings.simplefilter("ignore", UserWarning)
        got = fn(**points)
    worst = 0.0
    for i in range(len(got)):
        value, scale = ref.evaluate({k: float(v[i]) for k, v in points.items()})
        # as the tests measure it: in ulp of the scale, with the smallest subnormal as the floor
        worst = max(worst, float(abs(mpmath.mpf(float(got[i])) - value) / (EPS * scale + TINIEST)))
    return worst


def main(argv: list[str] | None = None) -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)  # --help; no options

    import generated.membrane as numpy_module
    import generated.membrane_compiled as compiled_module

    print("| function | bound (ulp) | worst measured (numpy, compiled) |")
    print("|---|---:|---|")
    for name in numpy_module.__all__:
        if name == "InvalidInputError" or name not in REFERENCES:  # summed functions: no one formula
            continue
        a = worst_ulps(getattr(numpy_module, name), name)
        b = worst_ulps(getattr(compiled_module, name), name)
        print(f"| {name} | {REFERENCES[name].ulps:g} | {a:.1f}, {b:.1f} |", flush=True)


if __name__ == "__main__":
    main()
