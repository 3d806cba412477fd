"""Printers: SymPy expressions and derivations → LaTeX, Markdown math, Python source.

Each printer subclasses a SymPy printer and dispatches on type through
``_print_<ClassName>``; notation comes from the symbol registry, never from the
caller. Recurse with ``self._print(sub)`` so settings travel with the recursion.
"""
