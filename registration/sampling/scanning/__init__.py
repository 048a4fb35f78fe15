"""Scanning: frame sources, decoders, health-code colour, the decode pipeline and keyboard wedges.

No Qt and no network: the station runs the pipeline on its camera thread.
"""

# Here, not beside the decoders: the command line offers them without loading OpenCV.
BACKENDS = ("zxing", "zbar")
DEFAULT_BACKEND = "zxing"
AWAY_SECONDS = 2.0
"""How long a code must be out of view before showing it again reports it again."""
