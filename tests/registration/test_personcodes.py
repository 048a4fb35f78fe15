from __future__ import annotations

import pytest
import qrcode

from registration.people import personcodes

from .ids import make_id


def test_sign_then_verify_round_trips() -> None:
    key = personcodes.new_signing_key()
    number = make_id(42)
    assert personcodes.verify(personcodes.sign(key, number), {key.kid: key.public}) == number


def test_the_code_fits_a_small_qr_code() -> None:
    key = personcodes.new_signing_key()
    code = personcodes.sign(key, make_id(42))
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    # Upper-case text lets the QR code use alphanumeric mode: version 6 is 41x41 modules.
    assert code == code.upper()
    assert qr.version <= 6


def test_verifying_needs_only_the_public_key() -> None:
    key = personcodes.new_signing_key()
    public_only = personcodes.SigningKey(key.kid, key.public)
    with pytest.raises(personcodes.PersonCodeError, match="only the public key"):
        personcodes.sign(public_only, make_id(1))
    assert personcodes.verify(personcodes.sign(key, make_id(1)), {key.kid: key.public}) == make_id(1)


def test_a_signature_over_an_invalid_id_is_refused() -> None:
    key = personcodes.new_signing_key()
    with pytest.raises(personcodes.PersonCodeError, match="check digit"):
        personcodes.sign(key, "110105194912310021")
