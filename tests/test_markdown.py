"""report.md is Markdown whose math GitHub renders.

GitHub renders ``$...$`` and ``$$`` blocks with MathJax, after running Markdown's
backslash escapes over them (github/markup#1746), and does not number ``\tag``. These
checks catch what breaks rendering there: an unbalanced or blank-line-split ``$$``
block, inline math that starts or ends with a space, a ``|`` in math inside a table
row, a backslash followed by punctuation (``\\,`` arrives as ``,``), and macros outside
the MathJax set the printers are meant to use.
"""

from __future__ import annotations

import re

import pytest

from helpers import GENERATED

# Every macro here is in MathJax's TeX input (base and ams packages). \tag is left out on
# purpose: GitHub does not number equations with it.
MATHJAX_MACROS = {
    *("frac", "ln", "log", "exp", "left", "right", "mathrm", "operatorname", "tilde", "mu", "psi", "rho"),
    *("beta", "tau", "circ", "lim", "to", "infty", "boxed", "neq", "text", "cdot", "times", "Delta"),
    *("alpha", "gamma", "pi", "sum", "prod", "quad", "qquad", "big", "Big"),
    *("thinspace", "medspace", "thickspace", "lbrace", "rbrace", "Vert"),
    *("approx", "sqrt", "pm", "mp", "nabla", "xi"),
    *("Phi", "eta", "bar"),
    *("hat", "kappa", "lambda", "varepsilon", "vartheta"),  # activities: Î, κ, λ_D, ε0, εr, ϑ (all MathJax base)
    "rho",
}


@pytest.fixture(scope="module")
def markdown() -> str:
    return (GENERATED / "report.md").read_text(encoding="utf-8")


def math_blocks(text: str) -> list[str]:
    return re.findall(r"^\$\$\n(.*?)\n\$\$$", text, flags=re.S | re.M)


def inline_math(text: str) -> list[str]:
    outside_blocks = re.sub(r"^\$\$\n.*?\n\$\$$", "", text, flags=re.S | re.M)
    return re.findall(r"\$([^$\n]+)\$", outside_blocks)


def check(text: str) -> list[str]:
    problems = []
    if text.count("\n$$\n") % 2 or len(re.findall(r"^\$\$$", text, flags=re.M)) % 2:
        problems.append("unbalanced $$")
    for block in math_blocks(text):
        if "\n\n" in block:
            problems.append(f"blank line inside a $$ block: {block[:40]!r}")
    for m in inline_math(text):
        if m != m.strip():
            problems.append(f"inline math with surrounding space: ${m}$")
    for line in text.splitlines():
        if line.startswith("|") and any("|" in m for m in inline_math(line)):
            problems.append(f"| inside math in a table row: {line[:60]!r}")
    macros = set()
    for m in math_blocks(text) + inline_math(text):
        macros |= set(re.findall(r"\\([A-Za-z]+)", m))
        problems += [f"{e} is eaten by Markdown's escapes" for e in re.findall(r"\\[!-/:-@\[-`{-~]", m)]
    problems += [f"macro \\{m} outside the MathJax set" for m in sorted(macros - MATHJAX_MACROS)]
    return problems


def test_report_markdown_math_renders(markdown):
    assert len(math_blocks(markdown)) >= 30
    assert check(markdown) == []


def test_every_step_is_a_numbered_display(markdown):
    tags = re.findall(r"\\qquad \\text\{\((\d+\.\d+)\)\}", markdown)
    assert tags[:3] == ["1.1", "1.2", "1.3"] and len(tags) == len(set(tags))


def test_checks_can_fail():
    bad = "Text $ x$ and\n\n$$\na = b\n\n\\Aboxed{c}\n$$\n| $a|b$ | x |\n$1\\,\\mathrm{V}$\n"
    found = check(bad)
    assert any("eaten" in p for p in found)
    assert any("blank line" in p for p in found)
    assert any("surrounding space" in p for p in found)
    assert any("Aboxed" in p for p in found)
    assert any("table row" in p for p in found)


def test_markdown_math_spells_spacing_with_letters():
    from derive.printing.text import markdown_math

    assert markdown_math(r"140\,\mathrm{mol\,m^{-3}}") == r"140\thinspace \mathrm{mol\thinspace m^{-3}}"
    with pytest.raises(ValueError, match="survive"):
        markdown_math(r"a \\ b")
