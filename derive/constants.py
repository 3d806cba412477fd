"""Physical constants: CODATA 2018 exact values (SI redefinition of 2019).

The Faraday and gas constants are *defined* from exact constants, so they are exact
rationals here, not rounded decimals: F = e·N_A and R = k_B·N_A.
"""

from __future__ import annotations

import sympy

#: Elementary charge, C (exact).
ELEMENTARY_CHARGE = sympy.Rational("1.602176634e-19")
#: Avogadro constant, 1/mol (exact).
AVOGADRO = sympy.Rational("6.02214076e23")
#: Boltzmann constant, J/K (exact).
BOLTZMANN = sympy.Rational("1.380649e-23")

#: Vacuum electric permittivity, F/m: CODATA 2018 recommended value. Not exact since the SI
#: redefinition of 2019 (relative standard uncertainty 1.5e-10).
VACUUM_PERMITTIVITY = sympy.Rational("8.8541878128e-12")

#: Faraday constant F = e·N_A, C/mol (exact rational).
FARADAY = ELEMENTARY_CHARGE * AVOGADRO
#: Molar gas constant R = k_B·N_A, J/(mol·K) (exact rational).
GAS_CONSTANT = BOLTZMANN * AVOGADRO

#: Default temperature, K (37 °C). Used only where a signature documents it.
BODY_TEMPERATURE = sympy.Rational("310.15")
#: 0 °C in kelvin, for converting worked examples given in Celsius.
ZERO_CELSIUS = sympy.Rational("273.15")
