"""The station's Qt desktop client: the only package that imports PySide6.

Screens call the domain (``registration``) and the sync engine (``sync``) through workers on
their own threads; no SQL and no protocol logic lives here.
"""
