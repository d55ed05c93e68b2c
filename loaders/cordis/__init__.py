"""CORDIS open data: the package the former ``loaders/cordis.py`` becomes.

This step only moves the module; the next one splits it by noun.
"""

from loaders.cordis.organisations import PROGRAMMES, detect, load

__all__ = ["PROGRAMMES", "detect", "load"]
