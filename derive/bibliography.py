"""The original sources of the catalogue's relations, by BibTeX key.

Each relation names its sources in :attr:`derive.derivation.Derivation.references`;
building a derivation checks every key against :data:`REFERENCES`, so a typo fails
loudly (:class:`~derive.errors.UnknownReferenceError`). The entries are typed here in
Unicode, as published; :mod:`derive.printing.bibtex` writes them as BibTeX and as
Markdown. Facts (journal, volume, pages, year, DOI) were checked against the journals'
records; a DOI is given only where it is certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from .errors import SpecificationError, UnknownReferenceError

_KEY = re.compile(r"^[a-z]+[0-9]{4}[a-z]?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PAGES = re.compile(r"^\d+(--\d+)?$")


@dataclass(frozen=True)
class Reference:
    """One published source."""

    #: BibTeX key: first author's surname and year, lower case (``hodgkin1949``).
    key: str
    #: "article", "book", or "misc" (a preprint: ``note`` says where, e.g. its arXiv identifier).
    kind: Literal["article", "book", "misc"]
    #: Authors as "Surname, Given names", in order.
    authors: tuple[str, ...]
    #: Title as published (Unicode).
    title: str
    #: Year of publication.
    year: int
    #: Journal (articles).
    journal: str = ""
    #: Volume (articles).
    volume: str = ""
    #: Issue number, where the journal has one.
    number: str = ""
    #: Pages as ``first--last`` (articles).
    pages: str = ""
    #: Publisher (books).
    publisher: str = ""
    #: Place of publication (books).
    address: str = ""
    #: Edition, e.g. "2nd" (books).
    edition: str = ""
    #: DOI without a resolver prefix; empty where none is known for certain.
    doi: str = ""
    #: Anything a reader needs to find it (an older volume numbering, say).
    note: str = ""

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise SpecificationError(f"reference key {self.key!r} must look like 'surname1949'")
        if self.kind not in ("article", "book", "misc"):
            raise SpecificationError(f"reference {self.key}: kind must be 'article', 'book' or 'misc'")
        if not self.authors or any(", " not in a for a in self.authors):
            raise SpecificationError(f"reference {self.key}: authors must be 'Surname, Given names'")
        surname = self.authors[0].split(",")[0].lower()
        if not self.key.startswith(surname.replace(" ", "")) or str(self.year) not in self.key:
            raise SpecificationError(f"reference {self.key}: key must be the first author's surname and the year")
        if self.kind == "article" and not (self.journal and self.volume and _PAGES.match(self.pages)):
            raise SpecificationError(f"reference {self.key}: an article needs journal, volume and pages 'a--b'")
        if self.kind == "book" and not self.publisher:
            raise SpecificationError(f"reference {self.key}: a book needs a publisher")
        if self.kind == "misc" and not self.note:
            raise SpecificationError(f"reference {self.key}: a preprint (misc) needs a note saying where it is")
        if self.doi and not _DOI.match(self.doi):
            raise SpecificationError(f"reference {self.key}: {self.doi!r} is not a DOI")

    @property
    def surnames(self) -> tuple[str, ...]:
        return tuple(a.split(",")[0] for a in self.authors)


_ENTRIES = (
    Reference(
        "fick1855",
        "article",
        ("Fick, Adolf",),
        "Ueber Diffusion",
        1855,
        journal="Annalen der Physik und Chemie",
        volume="170",
        number="1",
        pages="59--86",
        doi="10.1002/andp.18551700105",
        note="Poggendorff's Annalen, vol. 94",
    ),
    Reference(
        "nernst1889",
        "article",
        ("Nernst, Walther",),
        "Die elektromotorische Wirksamkeit der Jonen",
        1889,
        journal="Zeitschrift für Physikalische Chemie",
        volume="4",
        pages="129--181",
        doi="10.1515/zpch-1889-0412",
    ),
    Reference(
        "planck1890",
        "article",
        ("Planck, Max",),
        "Ueber die Erregung von Electricität und Wärme in Electrolyten",
        1890,
        journal="Annalen der Physik und Chemie",
        volume="275",
        number="2",
        pages="161--186",
        doi="10.1002/andp.18902750202",
        note="Wiedemann's Annalen, vol. 39",
    ),
    Reference(
        "henderson1907",
        "article",
        ("Henderson, Paul",),
        "Zur Thermodynamik der Flüssigkeitsketten",
        1907,
        journal="Zeitschrift für Physikalische Chemie",
        volume="59",
        pages="118--127",
    ),
    Reference(
        "goldman1943",
        "article",
        ("Goldman, David E.",),
        "Potential, impedance, and rectification in membranes",
        1943,
        journal="Journal of General Physiology",
        volume="27",
        number="1",
        pages="37--60",
        doi="10.1085/jgp.27.1.37",
    ),
    Reference(
        "hodgkin1949",
        "article",
        ("Hodgkin, Alan L.", "Katz, Bernard"),
        "The effect of sodium ions on the electrical activity of the giant axon of the squid",
        1949,
        journal="Journal of Physiology",
        volume="108",
        number="1",
        pages="37--77",
        doi="10.1113/jphysiol.1949.sp004310",
    ),
    Reference(
        "hodgkin1952",
        "article",
        ("Hodgkin, Alan L.", "Huxley, Andrew F."),
        "A quantitative description of membrane current and its application to conduction and excitation in nerve",
        1952,
        journal="Journal of Physiology",
        volume="117",
        number="4",
        pages="500--544",
        doi="10.1113/jphysiol.1952.sp004764",
    ),
    Reference(
        "mullins1963",
        "article",
        ("Mullins, Lorin J.", "Noda, Kazuo"),
        "The influence of sodium-free solutions on the membrane potential of frog muscle fibers",
        1963,
        journal="Journal of General Physiology",
        volume="47",
        number="1",
        pages="117--132",
        doi="10.1085/jgp.47.1.117",
    ),
    Reference(
        "lewis1979",
        "article",
        ("Lewis, C. A.",),
        "Ion-concentration dependence of the reversal potential and the single channel conductance "
        "of ion channels at the frog neuromuscular junction",
        1979,
        journal="Journal of Physiology",
        volume="286",
        pages="417--445",
    ),
    Reference(
        "mitchell1961",
        "article",
        ("Mitchell, Peter",),
        "Coupling of phosphorylation to electron and hydrogen transfer by a chemi-osmotic type of mechanism",
        1961,
        journal="Nature",
        volume="191",
        number="4784",
        pages="144--148",
        doi="10.1038/191144a0",
    ),
    Reference(
        "skou1957",
        "article",
        ("Skou, Jens C.",),
        "The influence of some cations on an adenosine triphosphatase from peripheral nerves",
        1957,
        journal="Biochimica et Biophysica Acta",
        volume="23",
        number="2",
        pages="394--401",
        doi="10.1016/0006-3002(57)90343-8",
    ),
    Reference(
        "tosteson1960",
        "article",
        ("Tosteson, Daniel C.", "Hoffman, Joseph F."),
        "Regulation of cell volume by active cation transport in high and low potassium sheep red cells",
        1960,
        journal="Journal of General Physiology",
        volume="44",
        number="1",
        pages="169--194",
        doi="10.1085/jgp.44.1.169",
    ),
    Reference(
        "robinson1959",
        "book",
        ("Robinson, Robert A.", "Stokes, Robert H."),
        "Electrolyte Solutions",
        1959,
        publisher="Butterworths",
        address="London",
        edition="2nd",
    ),
    Reference(
        "post1957",
        "article",
        ("Post, Robert L.", "Jolly, Perry C."),
        "The linkage of sodium, potassium, and ammonium active transport across the human erythrocyte membrane",
        1957,
        journal="Biochimica et Biophysica Acta",
        volume="25",
        pages="118--128",
    ),
    Reference(
        "hille2001",
        "book",
        ("Hille, Bertil",),
        "Ion Channels of Excitable Membranes",
        2001,
        publisher="Sinauer Associates",
        address="Sunderland, MA",
        edition="3rd",
    ),
    # -- liquid junction potentials of real solutions (issue 10) --------------------
    Reference(
        "henderson1908",
        "article",
        ("Henderson, Paul",),
        "Zur Thermodynamik der Flüssigkeitsketten",
        1908,
        journal="Zeitschrift für Physikalische Chemie",
        volume="63",
        pages="325--345",
        doi="10.1515/zpch-1908-6320",
    ),
    Reference(
        "barry1991",
        "article",
        ("Barry, Peter H.", "Lynch, Joseph W."),
        "Liquid junction potentials and small cell effects in patch-clamp analysis",
        1991,
        journal="Journal of Membrane Biology",
        volume="121",
        number="2",
        pages="101--117",
        doi="10.1007/BF01870526",
    ),
    Reference(
        "barry1994",
        "article",
        ("Barry, Peter H.",),
        "JPCalc, a software package for calculating liquid junction potential corrections in patch-clamp, "
        "intracellular, epithelial and bilayer measurements and for correcting junction potential measurements",
        1994,
        journal="Journal of Neuroscience Methods",
        volume="51",
        number="1",
        pages="107--116",
        doi="10.1016/0165-0270(94)90031-0",
    ),
    Reference(
        "marino2014",
        "misc",
        ("Marino, Massimo", "Misuri, Lorenzo", "Brogioli, Doriano"),
        "A new open source software for the calculation of the liquid junction potential between two "
        "solutions according to the stationary Nernst-Planck equation",
        2014,
        doi="10.48550/arXiv.1403.3640",
        note="arXiv:1403.3640 [physics.chem-ph]; the software is JLJP, ported as LJPcalc",
    ),
    Reference(
        "ng1995",
        "article",
        ("Ng, Benjamin", "Barry, Peter H."),
        "The measurement of ionic conductivities and mobilities of certain less common organic ions needed "
        "for junction potential corrections in electrophysiology",
        1995,
        journal="Journal of Neuroscience Methods",
        volume="56",
        number="1",
        pages="37--41",
        doi="10.1016/0165-0270(94)00087-W",
    ),
    Reference(
        "lide2005",
        "book",
        ("Lide, David R.",),
        "CRC Handbook of Chemistry and Physics",
        2005,
        publisher="CRC Press",
        address="Boca Raton, FL",
        edition="86th",
        note="Section 5: P. Vanysek, Ionic conductivity and diffusion at infinite dilution",
    ),
    Reference(
        "dean1999",
        "book",
        ("Dean, John A.",),
        "Lange's Handbook of Chemistry",
        1999,
        publisher="McGraw-Hill",
        address="New York",
        edition="15th",
        note="Table 8.32, limiting equivalent ionic conductances",
    ),
    # -- issue 11: Donnan, Ussing, exchangers, activities, attributions ------------------
    Reference(
        "donnan1911",
        "article",
        ("Donnan, Frederick G.",),
        "Theorie der Membrangleichgewichte und Membranpotentiale bei Vorhandensein von nicht dialysierenden "
        "Elektrolyten. Ein Beitrag zur physikalisch-chemischen Physiologie",
        1911,
        journal="Zeitschrift für Elektrochemie und angewandte physikalische Chemie",
        volume="17",
        number="14",
        pages="572--581",
    ),
    Reference(
        "ussing1949",
        "article",
        ("Ussing, Hans H.",),
        "The distinction by means of tracers between active transport and diffusion",
        1949,
        journal="Acta Physiologica Scandinavica",
        volume="19",
        number="1",
        pages="43--56",
    ),
    Reference(
        "blaustein1999",
        "article",
        ("Blaustein, Mordecai P.", "Lederer, W. Jonathan"),
        "Sodium/calcium exchange: its physiological implications",
        1999,
        journal="Physiological Reviews",
        volume="79",
        number="3",
        pages="763--854",
    ),
    Reference(
        "nernst1888",
        "article",
        ("Nernst, Walther",),
        "Zur Kinetik der in Lösung befindlichen Körper",
        1888,
        journal="Zeitschrift für physikalische Chemie",
        volume="2",
        pages="613--637",
    ),
    Reference(
        "mitchell1966",
        "article",
        ("Mitchell, Peter",),
        "Chemiosmotic coupling in oxidative and photosynthetic phosphorylation",
        1966,
        journal="Biological Reviews",
        volume="41",
        number="3",
        pages="445--502",
    ),
    Reference(
        "davies1938",
        "article",
        ("Davies, Cecil W.",),
        "The extent of dissociation of salts in water. Part VIII. An equation for the mean ionic activity "
        "coefficient of an electrolyte in water, and a revision of the dissociation constants of some sulphates",
        1938,
        journal="Journal of the Chemical Society",
        volume="1938",
        pages="2093--2098",
        note="The journal numbered its volumes by year",
    ),
    # -- issue 11, part 5: activity coefficients ----------------------------------------
    Reference(
        "debye1923",
        "article",
        ("Debye, Peter", "Hückel, Erich"),
        "Zur Theorie der Elektrolyte. I. Gefrierpunktserniedrigung und verwandte Erscheinungen",
        1923,
        journal="Physikalische Zeitschrift",
        volume="24",
        number="9",
        pages="185--206",
    ),
    Reference(
        "davies1962",
        "book",
        ("Davies, Cecil W.",),
        "Ion Association",
        1962,
        publisher="Butterworths",
        address="London",
    ),
    Reference(
        "malmberg1956",
        "article",
        ("Malmberg, C. G.", "Maryott, Arthur A."),
        "Dielectric constant of water from 0° to 100° C",
        1956,
        journal="Journal of Research of the National Bureau of Standards",
        volume="56",
        number="1",
        pages="1--8",
        doi="10.6028/jres.056.001",
    ),
)

#: Every known source, by key.
REFERENCES: Mapping[str, Reference] = MappingProxyType({r.key: r for r in _ENTRIES})


def reference(key: str) -> Reference:
    """The source with this BibTeX key."""
    try:
        return REFERENCES[key]
    except KeyError:
        raise UnknownReferenceError(key, sorted(REFERENCES)) from None


def check_keys(keys: Iterable[str], where: str = "") -> None:
    """Raise :class:`~derive.errors.UnknownReferenceError` for the first key not in :data:`REFERENCES`."""
    for key in keys:
        if key not in REFERENCES:
            raise UnknownReferenceError(key, sorted(REFERENCES), where)


def cited(keys_per_relation: Iterable[Iterable[str]]) -> list[Reference]:
    """The sources cited, each once, in order of first citation."""
    seen: dict[str, Reference] = {}
    for keys in keys_per_relation:
        for key in keys:
            seen.setdefault(key, reference(key))
    return list(seen.values())
