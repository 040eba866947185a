"""Passport to Markets: the Market Entry Standard for artisanal and small-scale mining."""

__version__ = "0.1.0"
