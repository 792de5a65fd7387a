"""mus-coach: a writing aid for Danish MUS conversations (domain package, no web framework)."""

__version__ = "0.1.0"
