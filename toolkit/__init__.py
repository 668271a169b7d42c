"""toolkit: summarize Persian news and translate it into English and Russian under a glossary.

Importing this package is cheap: it never imports torch, transformers or ctranslate2.
Heavy backends are imported on first use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
