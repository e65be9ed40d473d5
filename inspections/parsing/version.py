"""The parser's version: one number for the whole package, stored with every extraction.

Bump it when a change could alter extracted values, so stored documents can be read again
and the differences shown. A leaf module, so kind parsers can import it without a cycle.
"""

PARSER_VERSION = "0.2.7"
