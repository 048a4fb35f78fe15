"""The decoders on generated codes: formats, outlines, both backends behind one interface."""

from __future__ import annotations

import contextlib

import cv2
import numpy as np
import pytest
import zxingcpp

from registration.sampling.scanning import colour, decoders
from registration.sampling.scanning.decoders import (
    Decoded,
    Decoder,
    ZbarDecoder,
    ZxingDecoder,
    ink_contrast,
    make_decoder,
)


def _symbol(text: str, fmt: zxingcpp.BarcodeFormat, scale: int = 4) -> np.ndarray:
    image = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=scale), np.uint8)
    return cv2.copyMakeBorder(image, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)


SYMBOLS = [
    ("https://a.example/x", zxingcpp.BarcodeFormat.QRCode, decoders.QR),
    ("TUBE00000001", zxingcpp.BarcodeFormat.Code128, decoders.CODE128),
    ("TUBE-7", zxingcpp.BarcodeFormat.Code39, decoders.CODE39),
    ("6901234567892", zxingcpp.BarcodeFormat.EAN13, decoders.EAN13),
]


def _backends() -> list[Decoder]:
    found: list[Decoder] = [ZxingDecoder()]
    # Without the zbar library only zxing is parametrised; the zbar-specific tests skip saying so.
    with contextlib.suppress(decoders.DecoderUnavailable):
        found.append(ZbarDecoder())
    return found


@pytest.mark.parametrize("decoder", _backends(), ids=lambda d: d.name)
@pytest.mark.parametrize(("text", "fmt", "name"), SYMBOLS, ids=[s[2] for s in SYMBOLS])
def test_each_format_is_read_with_its_name_and_an_outline_around_it(
    decoder: Decoder, text: str, fmt: zxingcpp.BarcodeFormat, name: str
) -> None:
    image = _symbol(text, fmt)
    (found,) = decoder.decode(image)
    assert (found.text, found.format) == (text, name)
    xs, ys = [x for x, _ in found.corners], [y for _, y in found.corners]
    assert len(found.corners) == 4
    # The symbol lies inside the 40-pixel white border drawn round it.
    assert min(xs) >= 30 and min(ys) >= 30
    assert max(xs) <= image.shape[1] - 30 and max(ys) <= image.shape[0] - 30


def test_only_the_formats_asked_for_are_read() -> None:
    tube, qr = (
        _symbol("TUBE00000001", zxingcpp.BarcodeFormat.Code128, 2),
        _symbol("Q", zxingcpp.BarcodeFormat.QRCode),
    )
    image = np.full((max(tube.shape[0], qr.shape[0]), tube.shape[1] + qr.shape[1]), 255, np.uint8)
    image[: tube.shape[0], : tube.shape[1]] = tube
    image[: qr.shape[0], tube.shape[1] :] = qr
    decoder = ZxingDecoder()
    assert {d.format for d in decoder.decode(image)} == {decoders.CODE128, decoders.QR}
    assert [d.format for d in decoder.decode(image, (decoders.QR,))] == [decoders.QR]


def test_a_code_found_in_a_crop_or_a_resized_copy_maps_back_to_the_frame() -> None:
    code = Decoded("x", decoders.QR, ((10, 10), (20, 10), (20, 20), (10, 20)))
    assert code.mapped(0.5, (100, 50)).corners == ((105, 55), (110, 55), (110, 60), (105, 60))


def test_ink_contrast_makes_yellow_ink_dark() -> None:
    yellow_on_white = np.array([[[0, 190, 250], [250, 250, 250]]], np.uint8)
    assert ink_contrast(yellow_on_white).tolist() == [[0, 250]]
    grey = cv2.cvtColor(yellow_on_white, cv2.COLOR_BGR2GRAY)
    assert grey[0, 0] > 150  # in plain grey the ink is closer to the paper than to black


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="zxing or zbar"):
        make_decoder("opencv")


def test_a_clean_coloured_code_on_white_is_named_and_a_grey_one_is_not() -> None:
    qr = _symbol("https://a.example/x", zxingcpp.BarcodeFormat.QRCode, 8)
    (found,) = ZxingDecoder().decode(qr)
    for bgr, expected in (
        ((40, 40, 220), "red"),
        ((20, 200, 245), "yellow"),
        ((80, 170, 0), "green"),
        ((90, 90, 90), "unknown"),
    ):
        image = np.where(qr[..., None] < 128, np.array(bgr, np.uint8), np.uint8(250)).astype(np.uint8)
        assert colour.classify(image, found.corners) == expected
    assert colour.classify(np.full((10, 10, 3), 255, np.uint8), ((0, 0), (2, 0), (2, 2), (0, 2))) == "unknown"
