"""IATI activity files: the package the former ``loaders/iati.py`` becomes.

This step only moves the module; the next one splits it by noun.
"""

from loaders.iati.activity import detect, load

__all__ = ["detect", "load"]
