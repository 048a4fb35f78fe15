"""Opening the reader a spec names, and ``auto``: the first serial port whose reader answers the SAM's
status, else the first vendor's service that answers at its usual address. The vendors' services
speak over the network, which the domain does not: their drivers are given (devices/idcard_services.py)."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from registration.sampling.idcard.reader import DEFAULT_URLS, Reader, ReaderLost, Spec, parse_spec
from registration.sampling.idcard.serial_reader import ANSWER_TIMEOUT, SerialReader

PORTS_VARIABLE = "TESTPOINT_IDCARD_PORTS"
"""More serial ports for ``auto`` to try first (separated as in PATH): a reader on a port the system
does not list, a Bluetooth serial link say."""
PROBE_TIMEOUT = 0.3
"""Seconds a serial port may take to answer ``auto``'s question: a reader answers its status at
once, and another device never does. (A service that is not there refuses the connection at once.)"""

Services: TypeAlias = Mapping[str, Callable[[str], Reader]]
"""The vendors' service drivers: kind (``huashi``…) -> opens the reader at that address."""


def open_reader(
    spec: Spec | str,
    services: Services,
    *,
    ports: Sequence[str] | None = None,
    urls: Mapping[str, str] | None = None,
) -> Reader:
    """The reader ``spec`` names, connected; ``ReaderLost`` where it does not answer. For ``auto``,
    ``ports`` and ``urls`` (kind -> address) replace the serial ports and the services it tries."""
    spec = parse_spec(spec) if isinstance(spec, str) else spec
    if spec.kind == "auto":
        return find_reader(
            candidate_ports() if ports is None else ports,
            DEFAULT_URLS if urls is None else urls,
            services,
        )
    return _open(spec, ANSWER_TIMEOUT, services)


def _open(spec: Spec, status_timeout: float, services: Services) -> Reader:
    if spec.kind == "serial":
        return SerialReader(spec.target, spec.baud, status_timeout=status_timeout)
    if spec.kind == "demo":
        from registration.sampling.idcard.demo_reader import DemoReader

        return DemoReader()
    return services[spec.kind](spec.target)


def candidate_ports() -> list[str]:
    """The serial ports ``auto`` tries: ``$TESTPOINT_IDCARD_PORTS``, the ports the system lists, and
    the USB-serial devices (``/dev/ttyUSB*``, ``/dev/ttyACM*``)."""
    from serial.tools import list_ports

    given = [p for p in os.environ.get(PORTS_VARIABLE, "").split(os.pathsep) if p]
    listed = sorted(str(port.device) for port in list_ports.comports())
    usb = sorted(glob.glob("/dev/ttyUSB*") + glob.glob("/dev/ttyACM*"))
    return list(dict.fromkeys([*given, *listed, *usb]))


def find_reader(ports: Sequence[str], urls: Mapping[str, str], services: Services) -> Reader:
    """The first of ``ports`` that answers the SAM's status, else the first service of ``urls``
    (kind -> address) with a driver in ``services`` that answers; ``idcard.no_reader`` naming what
    was tried."""
    urls = {kind: url for kind, url in urls.items() if kind in services}
    for port in ports:
        try:
            return _open(Spec("serial", port), PROBE_TIMEOUT, services)
        except ReaderLost:
            continue
    for kind, url in urls.items():
        try:
            return _open(Spec(kind, url), PROBE_TIMEOUT, services)
        except ReaderLost:
            continue
    tried = [f"serial {', '.join(ports)}" if ports else "no serial port"]
    tried += [f"{kind} {url}" for kind, url in urls.items()]
    raise ReaderLost("idcard.no_reader", tried="; ".join(tried))
