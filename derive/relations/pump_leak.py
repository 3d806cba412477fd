"""Pump–leak steady state: dG/dt = p − kG, so G(t) relaxes to G* = p/k with time constant 1/k."""

from __future__ import annotations

import sympy

from ..derivation import (
    ApplyConditions,
    Derivation,
    IntegrateODE,
    Premise,
    Rearrange,
    Step,
    Substitute,
    TakeLimit,
)
from ..functions import exprel
from ..symbols import G0, G, G_ss, SymbolSpec, k, p, t, tau
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Pump--leak steady state"


@register("pump_leak", title=TITLE)
def pump_leak() -> Derivation:
    """Derive the time course and steady state of a pumped, leaking gradient."""
    from sympy.physics import units as u

    C1 = sympy.Symbol("C1")
    local = (SymbolSpec("C1", "C_{1}", u.mol / u.m**3, "constant of integration"),)
    Gt = G(t)
    steps = (
        Step(
            sympy.Eq(sympy.Derivative(Gt, t), p - k * Gt),
            "The pump builds the gradient at a constant rate $p$; the leak runs it down "
            "at a rate proportional to the gradient itself.",
            Premise("model"),
            "balance",
        ),
        Step(
            sympy.Eq(Gt, p / k + C1 * sympy.exp(-k * t)),
            "A linear first-order equation with constant coefficients.",
            IntegrateODE(ode="balance"),
            "general",
        ),
        Step(sympy.Eq(G(0), G0), "The gradient at the start.", Premise("initial condition"), "initial"),
        Step(
            sympy.Eq(Gt, p / k + (G0 - p / k) * sympy.exp(-k * t)),
            "Fix the constant of integration from the initial condition.",
            ApplyConditions(solution="general", conditions=("initial",), unknowns=(C1,)),
            "solution",
        ),
        Step(
            sympy.Eq(Gt, G0 * sympy.exp(-k * t) + p * t * exprel(-k * t)),
            "The same with $\\operatorname{exprel}(x) = (e^{x} - 1)/x$: no cancellation when "
            "$kt$ is small, and $G_{0} + pt$ in the limit $k \\to 0$. This form is evaluated numerically.",
            Rearrange(source="solution"),
            "solution-exprel",
        ),
        Step(
            sympy.Eq(G_ss, p / k),
            "With $k > 0$ the exponential decays: the gradient settles where pumping and leak balance, $p = kG$.",
            TakeLimit(source="solution", variable=t, point=sympy.oo),
            "steady-state",
        ),
        Step(sympy.Eq(tau, 1 / k), "The time constant of the approach.", Premise("definition"), "tau-def"),
        Step(
            sympy.Eq(Gt, G_ss + (G0 - G_ss) * sympy.exp(-t / tau)),
            "The gradient relaxes exponentially from $G_{0}$ to $G^{*}$ with time constant $\\tau = 1/k$.",
            Substitute(into="solution", using=("steady-state", "tau-def")),
            "relaxation",
        ),
    )
    return Derivation(
        name="pump_leak",
        title=TITLE,
        summary=(
            "A pump that builds a gradient at a constant rate against a leak proportional to "
            "the gradient reaches a steady state where the two balance. Tosteson and Hoffman (1960) "
            "introduced the pump--leak concept for cell volume and ion content; the linear rate equation "
            "here is the simplest model of it."
        ),
        assumptions=(
            "The pump rate $p$ does not depend on the gradient.",
            "The leak is proportional to the gradient with rate constant $k > 0$.",
        ),
        conventions=("$G$ is any measure of the gradient (here in mol/m$^3$); $p$ is in the same unit per second.",),
        steps=steps,
        results=("solution", "solution-exprel", "relaxation", "steady-state"),
        local_symbols=local,
        references=("tosteson1960",),
    )
