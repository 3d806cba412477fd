r"""Prose with inline math, printed for plain text (docstrings, the terminal).

Justifications and conventions are written once, with inline LaTeX math between
``$...$``; LaTeX and Markdown use them as they are. Plain text needs the math turned
into readable Unicode: ``$\psi_{\mathrm{i}}$`` → ``ψ_i``. Only the macros the catalogue
uses are translated; anything else is kept verbatim rather than guessed at.
"""

from __future__ import annotations

import re

from ..notation import DEFAULT, Notation
from .restyle import restyle_prose

#: Greek letters by LaTeX name (what a notation's ``[letters]`` may print instead).
_GREEK = {
    **dict(zip(["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta"], "αβγδϵεζη", strict=True)),
    **dict(zip(["theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi"], "θϑικλμνξ", strict=True)),
    **dict(zip(["pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon"], "πϖρϱσςτυ", strict=True)),
    **dict(zip(["phi", "varphi", "chi", "psi", "omega"], "ϕφχψω", strict=True)),
    **dict(zip(["Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma"], "ΓΔΘΛΞΠΣ", strict=True)),
    **dict(zip(["Upsilon", "Phi", "Psi", "Omega"], "ΥΦΨΩ", strict=True)),
}

_MACROS = {
    **{"\\" + name: letter for name, letter in _GREEK.items()},
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
    r"\log": "log",
    r"\,": " ",
    r"\nabla": "∇",
    r"\partial": "∂",
    r"\prime": "′",
    r"\ell": "ℓ",
    r"\hbar": "ħ",
    r"\pm": "±",
    r"\mp": "∓",
}
_WRAPPERS = re.compile(r"\\(?:mathrm|operatorname|text|mathit)\{([^{}]*)\}")
_TILDE = re.compile(r"\\tilde\{([^{}]*)\}")
#: Accents a notation may put on a symbol -> the combining character that follows it.
_ACCENTS = {"bar": "\u0304", "overline": "\u0305", "hat": "\u0302", "check": "\u030c", "dot": "\u0307"}
_ACCENTS.update({"ddot": "\u0308", "vec": "\u20d7", "underline": "\u0332", "breve": "\u0306", "acute": "\u0301"})
_ACCENTS.update({"grave": "\u0300", "mathring": "\u030a", "widetilde": "\u0303", "widehat": "\u0302"})
_ACCENT = re.compile(r"\\(" + "|".join(_ACCENTS) + r")\{([^{}]*)\}")
_SUB = re.compile(r"_\{([^{}]*)\}")
_SUP = re.compile(r"\^\{([^{}]*)\}")


_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
_DELIMITERS = re.compile(r"\\(?:left|right|big|Big)(?![A-Za-z])")


def _group(text: str) -> str:
    """``x`` stays ``x``; ``FV/RT`` becomes ``(FV/RT)``."""
    return text if re.fullmatch(r"[\w.]+|\d*[+-]", text) else f"({text})"  # charges stay bare: K^+, Ca^2+


def _math_to_text(math: str) -> str:
    s = _DELIMITERS.sub("", math)
    # Macros first: in \Delta\mathrm{pH} the \Delta ends where \mathrm begins.
    for macro in sorted(_MACROS, key=len, reverse=True):
        s = re.sub(re.escape(macro) + r"(?![A-Za-z])", _MACROS[macro], s)
    for _ in range(3):  # nested wrappers
        s = _WRAPPERS.sub(r"\1", s)
    s = _TILDE.sub("\\1\u0303", s)
    s = _ACCENT.sub(lambda m: m[2] + _ACCENTS[m[1]], s)
    for _ in range(3):  # innermost groups first
        s = _SUB.sub(r"_\1", s)
        s = _SUP.sub(lambda m: "^" + _group(m[1]), s)
        s = _FRAC.sub(lambda m: f"{_group(m[1])}/{_group(m[2])}", s)
        s = _SQRT.sub(lambda m: f"√({m[1]})", s)
    return s.replace("{", "").replace("}", "")


def prose_text(text: str, notation: Notation = DEFAULT) -> str:
    """Plain-text form of prose with ``$...$`` math (in ``notation``); ``--`` becomes an en dash."""
    pieces = re.split(r"(\$[^$]*\$)", restyle_prose(text, notation))
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


# GitHub applies Markdown's backslash escapes inside $...$ and $$ blocks before MathJax
# sees the math (github/markup#1746): "\," arrives as ",". Commands made of a backslash
# and punctuation are therefore spelled with letters in Markdown.
_MARKDOWN_MATH = {
    r"\,": r"\thinspace ",
    r"\{": r"\lbrace ",
    r"\}": r"\rbrace ",
    r"\|": r"\Vert ",
    r"\;": r"\thickspace ",
    r"\:": r"\medspace ",
}
_BACKSLASH_PUNCTUATION = re.compile(r"\\[!-/:-@\[-`{-~]")


def markdown_math(math: str) -> str:
    """LaTeX math made safe for GitHub's Markdown: no backslash-punctuation commands.

    Raises ValueError for one with no letter-only spelling (``\\``, ``\\!``, ...),
    rather than let it render wrongly.
    """
    out = re.sub(r"\\[,{}|;:]", lambda m: _MARKDOWN_MATH[m.group(0)], math)
    left = _BACKSLASH_PUNCTUATION.search(out)
    if left:
        raise ValueError(f"{left.group(0)!r} in {math!r} does not survive GitHub's Markdown")
    return out


def prose_markdown(text: str) -> str:
    """Markdown form of prose: math made safe for GitHub's renderer, en dashes restored."""
    pieces = re.split(r"(\$[^$]*\$)", text)
    return "".join(
        f"${markdown_math(p[1:-1])}$" if p.startswith("$") and p.endswith("$") and len(p) >= 2 else p.replace("--", "–")
        for p in pieces
    )
