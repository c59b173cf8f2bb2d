"""dyad: news about international politics turned into a model of the system it describes.

The library is the product; the ``dyad`` command line is a thin shell over it.
"""

__version__ = "0.1.0"
