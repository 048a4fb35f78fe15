"""The tube framing guide: the box on the preview where the volunteer holds a tube label.

The guide is in normalised frame coordinates so the UI can draw it at any preview size while
the pipeline decodes the same region of the full-resolution frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Guide:
    """A rectangle in fractions of the frame's width and height (0 to 1)."""

    left: float
    top: float
    right: float
    bottom: float

    def __post_init__(self) -> None:
        if not (0 <= self.left < self.right <= 1 and 0 <= self.top < self.bottom <= 1):
            raise ValueError(f"a guide lies inside the frame with left < right and top < bottom: {self}")

    def rect(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The guide in pixels of a ``width`` x ``height`` frame: x0, y0, x1, y1 (exclusive)."""
        return (
            round(self.left * width),
            round(self.top * height),
            round(self.right * width),
            round(self.bottom * height),
        )

    def crop(self, image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.uint8], tuple[int, int]]:
        """The guide region of ``image`` (a view, no copy) and its top-left corner in the image."""
        x0, y0, x1, y1 = self.rect(image.shape[1], image.shape[0])
        return image[y0:y1, x0:x1], (x0, y0)


# A tube is held level across the middle of the picture, close to the camera.
TUBE_GUIDE = Guide(0.2, 0.33, 0.8, 0.67)
