"""Soft hyphens for German words, from the TeX hyphenation patterns (hyph-utf8, MIT licence)."""
