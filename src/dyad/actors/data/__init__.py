"""Packaged actor data files (YAML); a package only so that setuptools ships them."""
