"""Translation: model backends (``toolkit.translate.backends``) and model management
(``toolkit.translate.models``).

Importing this package loads no torch, transformers or ctranslate2.
"""
