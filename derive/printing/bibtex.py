"""References printed: BibTeX entries for ``references.bib``, Markdown for the Markdown report.

BibTeX is 8-bit and style files change case, so entries are written in ASCII with
TeX accents (``{\\"a}``) and titles in braces (German nouns keep their capitals).
"""

from __future__ import annotations

from ..bibliography import Reference

_ACCENTS = {
    "ä": r"{\"a}",
    "ö": r"{\"o}",
    "ü": r"{\"u}",
    "Ä": r"{\"A}",
    "Ö": r"{\"O}",
    "Ü": r"{\"U}",
    "ß": r"{\ss}",
    "é": r"{\'e}",
    "è": r"{\`e}",
    "á": r"{\'a}",
    "ó": r"{\'o}",
    "í": r"{\'i}",
    "ç": r"{\c{c}}",
    "ø": r"{\o}",
    "å": r"{\aa}",
    # In the LaTeX kernel since 2020 (textcomp's symbols moved there).
    "°": r"{\textdegree}",
}
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}


def tex_text(text: str) -> str:
    """Unicode text as ASCII TeX; a character with no spelling here is an error, not a guess."""
    out = []
    for ch in text:
        if ch in _ACCENTS:
            out.append(_ACCENTS[ch])
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            raise ValueError(f"no TeX spelling for {ch!r} in {text!r}")
    return "".join(out)


def bibtex_entry(ref: Reference) -> str:
    """One ``@article{...}``, ``@book{...}`` or ``@misc{...}`` entry, fields in a fixed order."""
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(tex_text(a) for a in ref.authors)),
        ("title", "{" + tex_text(ref.title) + "}"),
    ]
    if ref.kind == "article":
        fields += [("journal", tex_text(ref.journal)), ("volume", ref.volume)]
        if ref.number:
            fields.append(("number", ref.number))
        fields.append(("pages", ref.pages))
    elif ref.kind == "book":
        if ref.edition:
            fields.append(("edition", ref.edition))
        fields.append(("publisher", tex_text(ref.publisher)))
        if ref.address:
            fields.append(("address", tex_text(ref.address)))
    fields.append(("year", str(ref.year)))
    if ref.doi:
        fields.append(("doi", ref.doi))
    if ref.note:
        fields.append(("note", tex_text(ref.note)))
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@{ref.kind}{{{ref.key},\n{body}\n}}\n"


def author_year(ref: Reference) -> str:
    """``Nernst (1889)``, ``Hodgkin & Katz (1949)``, ``Smith et al. (2001)``."""
    names = ref.surnames
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} ({ref.year})"


def _initials(author: str) -> str:
    surname, given = author.split(", ", 1)
    initials = " ".join(part[0] + "." for part in given.replace(".", ". ").split())
    return f"{initials} {surname}"


def markdown_entry(ref: Reference) -> str:
    """A reference as one line of Markdown: authors, year, title, *journal* volume, pages, DOI link."""
    authors = ", ".join(_initials(a) for a in ref.authors)
    pages = ref.pages.replace("--", "–")
    if ref.kind == "article":
        where = f"*{ref.journal}* **{ref.volume}**, {pages}"
    elif ref.kind == "book":
        edition = f", {ref.edition} ed." if ref.edition else ""
        place = f"{ref.address}: " if ref.address else ""
        where = f"{place}{ref.publisher}{edition}"
    else:  # a preprint: the note says where
        where = ref.note
    doi = f" [doi:{ref.doi}](https://doi.org/{ref.doi})" if ref.doi else ""
    title = f"*{ref.title}*" if ref.kind == "book" else ref.title
    return f"{authors} ({ref.year}). {title}. {where}.{doi}"
