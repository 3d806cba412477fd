r"""Prose with inline math, printed for plain text (docstrings, the terminal).

Justifications and conventions are written once, with inline LaTeX math between
``$...$``; LaTeX and Markdown use them as they are. Plain text needs the math turned
into readable Unicode: ``$\psi_{\mathrm{i}}$`` → ``ψ_i``. Only the macros the catalogue
uses are translated; anything else is kept verbatim rather than guessed at.
"""

from __future__ import annotations

import re

_MACROS = {
    r"\psi": "ψ",
    r"\mu": "μ",
    r"\beta": "β",
    r"\tau": "τ",
    r"\infty": "∞",
    r"\neq": "≠",
    r"\to": "→",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\cdot": "·",
    r"\circ": "°",
    r"\times": "×",
    r"\approx": "≈",
    r"\ln": "ln",
    r"\,": " ",
    r"\Delta": "Δ",
}
_WRAPPERS = re.compile(r"\\(?:mathrm|operatorname|text|mathit)\{([^{}]*)\}")
_TILDE = re.compile(r"\\tilde\{([^{}]*)\}")
_SUB = re.compile(r"_\{([^{}]*)\}")
_SUP = re.compile(r"\^\{([^{}]*)\}")


def _math_to_text(math: str) -> str:
    s = math
    for _ in range(3):  # nested wrappers
        s = _WRAPPERS.sub(r"\1", s)
    s = _TILDE.sub("\\1\u0303", s)
    for macro in sorted(_MACROS, key=len, reverse=True):
        s = re.sub(re.escape(macro) + r"(?![A-Za-z])", _MACROS[macro], s)
    s = _SUB.sub(r"_\1", s)
    s = _SUP.sub(r"^\1", s)
    return s.replace("{", "").replace("}", "")


def prose_text(text: str) -> str:
    """Plain-text form of prose with ``$...$`` math; ``--`` becomes an en dash."""
    pieces = re.split(r"(\$[^$]*\$)", text)
    out = []
    for piece in pieces:
        if piece.startswith("$") and piece.endswith("$") and len(piece) >= 2:
            out.append(_math_to_text(piece[1:-1]))
        else:
            out.append(piece.replace("--", "–"))
    return "".join(out)


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}


def prose_latex(text: str) -> str:
    """LaTeX form of prose: math kept, text-mode specials escaped."""
    pieces = re.split(r"(\$[^$]*\$)", text)
    out = []
    for piece in pieces:
        if piece.startswith("$") and piece.endswith("$") and len(piece) >= 2:
            out.append(piece)
        else:
            out.append("".join(_LATEX_SPECIAL.get(ch, ch) for ch in piece))
    return "".join(out)


def prose_markdown(text: str) -> str:
    """Markdown form of prose: math kept for GitHub's renderer, en dashes restored."""
    pieces = re.split(r"(\$[^$]*\$)", text)
    return "".join(p if p.startswith("$") else p.replace("--", "–") for p in pieces)
