"""Draws the application icon (assets/testpoint.png and .ico): a sample tube on a green tile.

Run again only to change the design; the files it writes are committed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SIDE = 512


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((16, 16, SIDE - 16, SIDE - 16), radius=96, fill=(22, 128, 74, 255))
    # The tube: a cap, a body with a round bottom, the sample filling its lower half.
    pen.rounded_rectangle((196, 70, 316, 128), radius=14, fill=(238, 196, 64, 255))
    pen.rounded_rectangle((208, 120, 304, 440), radius=48, fill=(255, 255, 255, 255))
    pen.rounded_rectangle((222, 280, 290, 426), radius=34, fill=(120, 196, 232, 255))
    # A check mark: registered.
    pen.line([(300, 330), (350, 380), (440, 260)], fill=(255, 255, 255, 255), width=34, joint="curve")
    return image


def main() -> None:
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(ASSETS / "testpoint.png")
    image.save(
        ASSETS / "testpoint.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    )


if __name__ == "__main__":
    main()
