"""Scanning: frame sources, decoders, health-code colour, the decode pipeline and keyboard wedges.

No Qt and no network: the station runs the pipeline on its camera thread.
"""
