"""The domain's refusal reasons (English text) in the station's language.

Each known reason is matched by a pattern whose named groups fill the translated template; an
unknown reason is shown as the domain wrote it, so nothing is ever hidden. Most are written as the
domain's own text with ``{name}`` where a value goes (``_MESSAGES``); tests/ui/test_messages.py
walks the domain's refusals and the camera's problems and fails on one left in English.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.marks import QT_TRANSLATE_NOOP

_CONTEXT = "reasons"

# (pattern of the domain's text, template marked for translation)
_REASONS: tuple[tuple[str, str], ...] = (
    (r"bad check digit in the ID number", QT_TRANSLATE_NOOP("reasons", "Bad check digit in the ID number")),
    (
        r"an ID number has 17 digits and a check digit or X",
        QT_TRANSLATE_NOOP("reasons", "An ID number has 17 digits and a check digit or X"),
    ),
    (
        r"the birth date in the ID number is impossible",
        QT_TRANSLATE_NOOP("reasons", "The birth date in the ID number is impossible"),
    ),
    (
        r"no tube is open: scan a tube barcode first",
        QT_TRANSLATE_NOOP("reasons", "No tube is open: scan a tube first"),
    ),
    (r"no tube is open", QT_TRANSLATE_NOOP("reasons", "No tube is open")),
    (
        r"(?P<colour>yellow|red) health code: .*",
        QT_TRANSLATE_NOOP("reasons", "Sample alone: scan a single tube (pool size 1)"),
    ),
    (
        r"tube (?P<tube>\S+) is still open \((?P<filled>\w+)/(?P<size>\w+)\): seal it first",
        QT_TRANSLATE_NOOP("reasons", "Tube {tube} is still open ({filled}/{size}): seal it first"),
    ),
    (
        r"tube (?P<tube>\S+) was already used at (?P<checkpoint>.+) in round (?P<round>.+): .*",
        QT_TRANSLATE_NOOP("reasons", "Tube {tube} was already used at {checkpoint} in round {round}"),
    ),
    (r"tube (?P<tube>\S+) is already sealed", QT_TRANSLATE_NOOP("reasons", "Tube {tube} is already sealed")),
    (r"tube (?P<tube>\S+) is empty: nothing to seal", QT_TRANSLATE_NOOP("reasons", "Tube {tube} is empty")),
    (
        r"(?P<tube>\S+) is a tube barcode: open it as a tube",
        QT_TRANSLATE_NOOP("reasons", "{tube} is a tube barcode"),
    ),
    (r"malformed person code", QT_TRANSLATE_NOOP("reasons", "Damaged person code")),
    (
        r"a genuine person code of someone on no roster this laptop holds",
        QT_TRANSLATE_NOOP("reasons", "A genuine person code, of someone on no roster this laptop holds"),
    ),
    (
        r"person code signed by an unknown key (?P<kid>\S+)",
        QT_TRANSLATE_NOOP("reasons", "Person code from another campaign (key {kid})"),
    ),
    (
        r"person code signature .*",
        QT_TRANSLATE_NOOP("reasons", "Person code altered or forged: check the person's ID card"),
    ),
    (r"round '(?P<round>.+)' is closed", QT_TRANSLATE_NOOP("reasons", "Round {round} is closed")),
    (r"unknown round '(?P<round>.+)'", QT_TRANSLATE_NOOP("reasons", "Unknown round {round}")),
    (
        r"unknown checkpoint '(?P<checkpoint>.+)' .*",
        QT_TRANSLATE_NOOP("reasons", "Unknown checkpoint {checkpoint}"),
    ),
    (r"not text: .*", QT_TRANSLATE_NOOP("reasons", "Not a text code")),
    (r"too long to be a code .*", QT_TRANSLATE_NOOP("reasons", "Too long to be a code")),
    (r"empty", QT_TRANSLATE_NOOP("reasons", "Nothing was entered")),
    (
        r"contains control or unprintable characters",
        QT_TRANSLATE_NOOP("reasons", "Unreadable characters in the code"),
    ),
    (
        r"not an ID number, person code, tube barcode or health code",
        QT_TRANSLATE_NOOP("reasons", "Not an ID number, person code, tube or health code"),
    ),
    (
        r"a health code from another system: .*",
        QT_TRANSLATE_NOOP("reasons", "Health code from another system: enter the person's ID number"),
    ),
    (
        r"a void or correction needs a reason",
        QT_TRANSLATE_NOOP("reasons", "A void or a correction needs a reason"),
    ),
    (
        r"a correction names a person",
        QT_TRANSLATE_NOOP("reasons", "A correction names a person: scan their code or type their ID number"),
    ),
    (
        r"only an administrator's station may change reference data \((?P<kind>[\w.]+)\)",
        QT_TRANSLATE_NOOP("reasons", "Only the administrator's station may change rosters and such"),
    ),
    (
        r"clock ahead: the event is stamped (?P<minutes>\d+) min after the server's time; .*",
        QT_TRANSLATE_NOOP(
            "reasons", "Laptop clock {minutes} min ahead of the server: set it right (event kept)"
        ),
    ),
    (
        r"another event with this id is already stored: .*",
        QT_TRANSLATE_NOOP("reasons", "The server holds another event with the same id: both are kept"),
    ),
    (
        r"registration \S+ was already voided .*",
        QT_TRANSLATE_NOOP("reasons", "This registration was already voided"),
    ),
    (
        r"a checkpoint station voids or corrects only its own registrations: .*",
        QT_TRANSLATE_NOOP(
            "reasons",
            "Made on another laptop: that laptop, or the campaign office, voids or corrects it",
        ),
    ),
)

# (the domain's text with {name} where a value goes, template marked for translation)
_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "no applier for event kind {kind}: update this laptop",
        QT_TRANSLATE_NOOP(
            "reasons", "an event of a kind this version does not know ({kind}): update this laptop"
        ),
    ),
    # Camera and decoder (the source's name comes first: "camera 0: ...").
    (
        "{where}: no camera at this index (not connected, or in use by another program)",
        QT_TRANSLATE_NOOP(
            "reasons", "{where}: no camera at this index (not connected, or used by another program)"
        ),
    ),
    (
        "{where}: busy or unplugged; trying again every 2 seconds",
        QT_TRANSLATE_NOOP("reasons", "{where} is busy or unplugged: trying again every 2 seconds"),
    ),
    (
        "{where}: no such file or folder, and not a camera index",
        QT_TRANSLATE_NOOP("reasons", "{where}: no such file or folder, and not a camera number"),
    ),
    ("{where}: no such file or folder", QT_TRANSLATE_NOOP("reasons", "{where}: no such file or folder")),
    ("{where}: no such video file", QT_TRANSLATE_NOOP("reasons", "{where}: no such video file")),
    (
        "{where}: not an image that can be read",
        QT_TRANSLATE_NOOP("reasons", "{where}: not an image that can be read"),
    ),
    (
        "{where}: not a video that can be read",
        QT_TRANSLATE_NOOP("reasons", "{where}: not a video that can be read"),
    ),
    (
        "{where}: cannot read the file ({why})",
        QT_TRANSLATE_NOOP("reasons", "{where}: cannot read the file ({why})"),
    ),
    (
        "the zbar decoder needs the zbar library ({why})",
        QT_TRANSLATE_NOOP("reasons", "The zbar decoder needs the zbar library ({why})"),
    ),
    # Names, rounds, checkpoints, pools.
    (
        "site name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "A site name is 1 to 64 printable characters"),
    ),
    (
        "checkpoint name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "A checkpoint name is 1 to 64 printable characters"),
    ),
    (
        "round name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "A round name is 1 to 64 printable characters"),
    ),
    (
        "operator name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "An operator name is 1 to 64 printable characters"),
    ),
    (
        "enterprise name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "An enterprise name is 1 to 64 printable characters"),
    ),
    (
        "person name must be 1 to 64 printable characters",
        QT_TRANSLATE_NOOP("reasons", "A person name is 1 to 64 printable characters"),
    ),
    (
        "pool size must be between 1 and {most}, not {size}",
        QT_TRANSLATE_NOOP("reasons", "The pool size is 1 to {most}, not {size}"),
    ),
    ("round '{round}' is already open", QT_TRANSLATE_NOOP("reasons", "Round {round} is already open")),
    ("round '{round}' is already closed", QT_TRANSLATE_NOOP("reasons", "Round {round} is already closed")),
    (
        "this database already holds a campaign",
        QT_TRANSLATE_NOOP("reasons", "This database already holds a campaign"),
    ),
    (
        "this campaign's tube pattern '{pattern}' is not a regular expression RE2 runs: {why}",
        QT_TRANSLATE_NOOP(
            "reasons", "This campaign's tube pattern {pattern} is not a usable regular expression: {why}"
        ),
    ),
    (
        "this campaign's a tube pattern has at most {most} characters",
        QT_TRANSLATE_NOOP("reasons", "This campaign's tube pattern is longer than {most} characters"),
    ),
    (
        "tube pattern '{pattern}' is not a regular expression RE2 runs: {why}",
        QT_TRANSLATE_NOOP("reasons", "Tube pattern {pattern} is not a usable regular expression: {why}"),
    ),
    (
        "a tube pattern has at most {most} characters",
        QT_TRANSLATE_NOOP("reasons", "A tube pattern has at most {most} characters"),
    ),
    ("choose a checkpoint", QT_TRANSLATE_NOOP("reasons", "Choose a checkpoint")),
    ("choose a round", QT_TRANSLATE_NOOP("reasons", "Choose a round")),
    (
        "this database has no campaign yet: run init or enroll first",
        QT_TRANSLATE_NOOP("reasons", "This database holds no campaign yet: create one or enrol first"),
    ),
    # Enrolling with the server (sync/enrolment.py, sync/server/devices.py).
    (
        "this enrolment code was cancelled by the campaign office: ask for a new one",
        QT_TRANSLATE_NOOP("reasons", "The campaign office cancelled this enrolment code: ask for a new one"),
    ),
    (
        "this enrolment code was already used: ask for a new one",
        QT_TRANSLATE_NOOP("reasons", "This enrolment code was already used: ask for a new one"),
    ),
    (
        "this enrolment code has expired: ask for a new one",
        QT_TRANSLATE_NOOP("reasons", "This enrolment code has expired: ask for a new one"),
    ),
    ("unknown enrolment code", QT_TRANSLATE_NOOP("reasons", "Unknown enrolment code")),
    (
        "a typed enrolment code needs the server's address too (the office shows it beside the code)",
        QT_TRANSLATE_NOOP(
            "reasons",
            "A typed enrolment code needs the server's address too (the office shows it beside the code)",
        ),
    ),
    (
        "the server at {server} made no such code: check the code's twelve characters and the server's address",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "The server at {server} made no such code: check the code's twelve characters and the server's address",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "{file} holds no enrolment code: save it again from the office's Laptops screen",
        QT_TRANSLATE_NOOP(
            "reasons", "{file} holds no enrolment code: save it again from the office's Laptops screen"
        ),
    ),
    ("{file}: cannot be read ({why})", QT_TRANSLATE_NOOP("reasons", "{file} cannot be read ({why})")),
    (
        "not an enrolment code of this system (expected TPE1.<secret>.<server>, or the typed XXXX-XXXX-XXXX with the server's address)",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "Not an enrolment code of this system: give the office's code, or type its XXXX-XXXX-XXXX form with the server's address",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    # Who may change what.
    (
        "this laptop works only at {checkpoint}, the checkpoint it was enrolled for",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop works only at {checkpoint}, the checkpoint it was enrolled for"
        ),
    ),
    (
        "this laptop is a checkpoint station: rounds are opened by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: rounds are opened by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: rounds are closed by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: rounds are closed by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: exemptions are set by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: exemptions are set by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: exemptions are cleared by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: exemptions are cleared by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: lab results come from the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: lab results come from the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: person-code keys come from the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: person-code keys come from the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: enterprises are managed by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: enterprises are managed by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: checkpoints are added by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: checkpoints are added by the campaign office"
        ),
    ),
    (
        "this laptop is a checkpoint station: rosters are imported by the campaign office",
        QT_TRANSLATE_NOOP(
            "reasons", "This laptop is a checkpoint station: rosters are imported by the campaign office"
        ),
    ),
    # People, codes, registrations.
    (
        "the birth date in the ID number is in the future",
        QT_TRANSLATE_NOOP("reasons", "The birth date in the ID number is in the future"),
    ),
    (
        "this station holds only the public key; codes are issued by the administrator",
        QT_TRANSLATE_NOOP("reasons", "Person codes are issued on the administrator's station"),
    ),
    (
        "this station holds only the campaign's public key: person codes are issued on the administrator's station",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP("reasons", "Person codes are issued on the administrator's station"),
    ),
    (
        "a person key is 16 base32 characters",
        QT_TRANSLATE_NOOP("reasons", "A person key is 16 base32 characters"),
    ),
    (
        "no registration with event id {event}",
        QT_TRANSLATE_NOOP("reasons", "No registration with event id {event}"),
    ),
    (
        "unknown health-code colour '{colour}'",
        QT_TRANSLATE_NOOP("reasons", "Unknown health-code colour {colour}"),
    ),
    ("unknown source '{source}'", QT_TRANSLATE_NOOP("reasons", "Unknown source {source}")),
    (
        "already registered at {checkpoint} at {time}",
        QT_TRANSLATE_NOOP("reasons", "Already registered at {checkpoint} at {time}"),
    ),
    ("{person} is on no roster", QT_TRANSLATE_NOOP("reasons", "{person} is on no roster")),
    (
        "{person} is on the roster of {enterprise}",
        QT_TRANSLATE_NOOP("reasons", "{person} is on the roster of {enterprise}"),
    ),
    (
        "{person} is not on the roster{where}",
        QT_TRANSLATE_NOOP("reasons", "{person} is not on the roster{where}"),
    ),
    (
        "{query} is {count} people on the roster{where}: narrow it (enterprise, department, search) or give the full ID number",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{query} matches {count} people on the roster{where}: narrow it down or give the full ID number",
        ),
    ),
    (
        "nobody is on the roster{where}: no badge to print",
        QT_TRANSLATE_NOOP("reasons", "Nobody is on the roster{where}: no badge to print"),
    ),
    (
        "a phone tail is 4 to 11 digits, not '{tail}'",
        QT_TRANSLATE_NOOP("reasons", "A phone tail is 4 to 11 digits, not {tail}"),
    ),
    (
        "{out}: write a .pdf or .png file, or a directory",
        QT_TRANSLATE_NOOP("reasons", "{out}: write a .pdf or .png file, or a folder"),
    ),
    # Enterprises, exemptions, rosters.
    (
        "ID number already on row {row} with different details",
        QT_TRANSLATE_NOOP("reasons", "ID number already on row {row} with different details"),
    ),
    (
        "ID number also on row {row} with different details, the row chosen",
        QT_TRANSLATE_NOOP("reasons", "ID number also on row {row} with different details, the row chosen"),
    ),
    (
        "enterprise {firm} is not {enterprise}, the one this import is for",
        QT_TRANSLATE_NOOP("reasons", "Enterprise {firm} is not {enterprise}, the one this import is for"),
    ),
    ("missing name", QT_TRANSLATE_NOOP("reasons", "Missing name")),
    ("missing enterprise", QT_TRANSLATE_NOOP("reasons", "Missing enterprise")),
    ("missing ID number", QT_TRANSLATE_NOOP("reasons", "Missing ID number")),
    (
        "ID number stored by Excel as a number (its last digits are lost): "
        "format the column as text and export again",
        QT_TRANSLATE_NOOP(
            "reasons",
            "Excel stored the ID number as a number and lost its last digits: format the column as text and export again",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "a reported headcount cannot be negative ({count})",
        QT_TRANSLATE_NOOP("reasons", "A reported headcount cannot be negative ({count})"),
    ),
    (
        "a headcount is a whole number, not '{count}'",
        QT_TRANSLATE_NOOP("reasons", "A headcount is a whole number, not {count}"),
    ),
    (
        "unknown exemption reason '{reason}' (known: {known})",
        QT_TRANSLATE_NOOP("reasons", "Unknown exemption reason {reason} (known: {known})"),
    ),
    (
        "an exemption for another reason needs a note saying which",
        QT_TRANSLATE_NOOP("reasons", "An exemption for another reason needs a note saying which"),
    ),
    (
        "{person} is not exempt in round {round}",
        QT_TRANSLATE_NOOP("reasons", "{person} is not exempt in round {round}"),
    ),
    (
        "{file}: the file has no enterprise column; give the enterprise's name",
        QT_TRANSLATE_NOOP("reasons", "{file}: the file has no enterprise column; give the enterprise's name"),
    ),
    (
        "replace is for one enterprise's roster, and this file lists {count} ({names}): choose one with --enterprise",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "Replacing is for one enterprise's roster, and this file lists {count} ({names}): choose one",
        ),
    ),
    (
        "the file lists nobody of {enterprise} that can be imported: replacing would empty its roster, refused",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "The file lists nobody of {enterprise} that can be imported: replacing would empty its roster, refused",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    # Files.
    ("{file}: no such file", QT_TRANSLATE_NOOP("reasons", "{file}: no such file")),
    (
        "{file}: no header row naming the columns {columns} in the first {rows} rows",
        QT_TRANSLATE_NOOP(
            "reasons", "{file}: no header row naming the columns {columns} in the first {rows} rows"
        ),
    ),
    (
        "{file}: not text in UTF-8, GBK or GB18030; save it as CSV (UTF-8) or XLSX",
        QT_TRANSLATE_NOOP(
            "reasons", "{file}: not text in UTF-8, GBK or GB18030; save it as CSV (UTF-8) or XLSX"
        ),
    ),
    (
        "{file}: {size} MB is more than a roster or lab file holds (at most {most} MB); split it, by enterprise for instance",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{file}: {size} MB is more than a roster or lab file holds (at most {most} MB); split it, by enterprise for instance",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "{file}: write a .xlsx or .csv file",
        QT_TRANSLATE_NOOP("reasons", "{file}: write a .xlsx or .csv file"),
    ),
    (
        "{file}: old .xls workbooks are not read; save it as .xlsx or CSV",
        QT_TRANSLATE_NOOP("reasons", "{file}: old .xls workbooks are not read; save it as .xlsx or CSV"),
    ),
    (
        "{file}: damaged {encoding} text at byte {byte}",
        QT_TRANSLATE_NOOP("reasons", "{file}: damaged {encoding} text at byte {byte}"),
    ),
    (
        "{file}: line {line} cannot be read as CSV ({why})",
        QT_TRANSLATE_NOOP("reasons", "{file}: line {line} cannot be read as CSV ({why})"),
    ),
    (
        "{file}: not a readable XLSX workbook ({why})",
        QT_TRANSLATE_NOOP("reasons", "{file}: not a readable XLSX workbook ({why})"),
    ),
    (
        "{file}: a sheet reaches beyond row {most}, more than a roster or lab file holds; split it, by enterprise for instance",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{file}: a sheet goes beyond row {most}, more than a roster or lab file holds; split it, by enterprise for instance",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "{file}: a sheet reaches beyond column {most}, more than a roster or lab file holds; keep the columns it needs",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{file}: a sheet goes beyond column {most}, more than a roster or lab file holds; keep only the columns needed",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "{file}: the workbook unpacks to more than {most} MB, more than a roster or lab file holds; save it again, or as CSV",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{file}: the workbook unpacks to more than {most} MB, more than a roster or lab file holds; save it again, or as CSV",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    # Databases.
    (
        "{file}: cannot switch to WAL journal mode (got {mode})",
        QT_TRANSLATE_NOOP("reasons", "{file}: the disk does not allow the database's journal (got {mode})"),
    ),
    (
        "{file}: a database of another program, not a campaign's; nothing was changed (init adds a campaign to it)",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons", "{file}: a database of another program, not a campaign's; nothing was changed"
        ),
    ),
    (
        "{file}: written by a newer version of this software (schema step {step}); update the software before opening it",  # noqa: E501 (a translatable text is one literal)
        QT_TRANSLATE_NOOP(
            "reasons",
            "{file}: written by a newer version of this software (schema step {step}); update the software before opening it",  # noqa: E501 (a translatable text is one literal)
        ),
    ),
    (
        "{file}: is a directory, not a database",
        QT_TRANSLATE_NOOP("reasons", "{file}: is a folder, not a database"),
    ),
    (
        "{file}: not a usable campaign database ({why})",
        QT_TRANSLATE_NOOP("reasons", "{file}: not a usable campaign database ({why})"),
    ),
    (
        "{file}: no such database (run init or enroll first)",
        QT_TRANSLATE_NOOP("reasons", "{file}: no such database (create a campaign or enrol first)"),
    ),
    # Tubes, handover, results.
    (
        "'{tube}' is not a tube barcode of this campaign",
        QT_TRANSLATE_NOOP("reasons", "{tube} is not a tube barcode of this campaign"),
    ),
    ("unknown tube '{tube}'", QT_TRANSLATE_NOOP("reasons", "Unknown tube {tube}")),
    ("unknown tube{plural}: {tubes}", QT_TRANSLATE_NOOP("reasons", "Unknown tubes: {tubes}")),
    (
        "several tubes are open ({tubes}): name the one to seal",
        QT_TRANSLATE_NOOP("reasons", "Several tubes are open ({tubes}): choose the one to seal"),
    ),
    (
        "a tube count cannot be negative ({count})",
        QT_TRANSLATE_NOOP("reasons", "A tube count cannot be negative ({count})"),
    ),
    (
        "no sealed tube at {checkpoint} since the last handover: nothing to hand over",
        QT_TRANSLATE_NOOP(
            "reasons", "No sealed tube at {checkpoint} since the last handover: nothing to hand over"
        ),
    ),
    # The encrypted store (registration/storage/cipher.py, store.py).
    ("{path}: the key file is empty", QT_TRANSLATE_NOOP("reasons", "{path}: the key file is empty")),
    (
        "{path}: the database is not encrypted; open it without a key, or encrypt it first",
        QT_TRANSLATE_NOOP(
            "reasons", "{path}: the database is not encrypted: open it without a key, or encrypt it first"
        ),
    ),
    (
        "{path}: wrong key: the database cannot be read with it",
        QT_TRANSLATE_NOOP("reasons", "Wrong passphrase: {path} cannot be opened with it"),
    ),
    ("{path}: no such database", QT_TRANSLATE_NOOP("reasons", "{path}: no such database")),
    ("{path}: the database is already encrypted", QT_TRANSLATE_NOOP("reasons", "{path}: already encrypted")),
    (
        "{path}: not a campaign database; nothing was changed",
        QT_TRANSLATE_NOOP("reasons", "{path}: not a campaign database; nothing was changed"),
    ),
    (
        "{path}: the database is encrypted: give its key (TESTPOINT_DB_KEY, or --key-file PATH)",
        QT_TRANSLATE_NOOP(
            "reasons", "{path}: the database is encrypted: its key is needed (TESTPOINT_DB_KEY)"
        ),
    ),
    # Retention (registration/privacy/retention.py).
    (
        "--older-than takes a number of days, 0 or more",
        QT_TRANSLATE_NOOP("reasons", "Give a number of days, 0 or more"),
    ),
    (
        "{count} events have not reached the server yet: sync first, then purge",
        QT_TRANSLATE_NOOP(
            "reasons", "{count} events have not reached the server yet: sync first, then purge"
        ),
    ),
    (
        "round {round} is open: close it before purging it",
        QT_TRANSLATE_NOOP("reasons", "Round {round} is open: close it before purging it"),
    ),
    ("round {round} is already purged", QT_TRANSLATE_NOOP("reasons", "Round {round} is already purged")),
    (
        "the campaign has not ended: round {round} is open",
        QT_TRANSLATE_NOOP("reasons", "The campaign has not ended: round {round} is open"),
    ),
    (
        "the campaign ended {when}, less than {days} days ago: nothing was purged",
        QT_TRANSLATE_NOOP(
            "reasons", "The campaign ended {when}, less than {days} days ago: nothing was purged"
        ),
    ),
)


def _pattern(message: str) -> str:
    """A regular expression matching ``message`` with any text where ``{name}`` stands."""
    parts = re.split(r"\{(\w+)\}", message)
    return "".join(
        f"(?P<{part}>.*?)" if odd else re.escape(part)
        for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts))
    )


_COMPILED = tuple(
    (re.compile(pattern), template)
    for pattern, template in (*_REASONS, *((_pattern(message), t) for message, t in _MESSAGES))
)

_CAMERA = re.compile(r"camera (?P<index>\d+)")
_CAMERA_NAME = QT_TRANSLATE_NOOP("reasons", "Camera {index}")
# The columns a table file needs, as the domain names them in a refusal ("ID number, name").
_COLUMNS = {
    "ID number": QT_TRANSLATE_NOOP("reasons", "ID number"),
    "name": QT_TRANSLATE_NOOP("reasons", "name"),
    "enterprise": QT_TRANSLATE_NOOP("reasons", "enterprise"),
    "headcount": QT_TRANSLATE_NOOP("reasons", "headcount"),
    "tube": QT_TRANSLATE_NOOP("reasons", "tube"),
    "result": QT_TRANSLATE_NOOP("reasons", "result"),
}
_LIST_SEPARATOR = QT_TRANSLATE_NOOP("reasons", ", ")


def camera(index: int | str) -> str:
    """A camera by its number, as the volunteer reads it: "Camera 0"."""
    return QCoreApplication.translate(_CONTEXT, _CAMERA_NAME).format(index=index)


def source_name(name: str) -> str:
    """A frame source as the domain names it ("camera 0", or a file's path) in the station's language."""
    match = _CAMERA.fullmatch(name)
    return camera(match["index"]) if match else name


def _columns(names: str) -> str:
    words = [QCoreApplication.translate(_CONTEXT, _COLUMNS.get(n, n)) for n in names.split(", ")]
    return QCoreApplication.translate(_CONTEXT, _LIST_SEPARATOR).join(words)


# Values of a reason that are words themselves: a camera's name, the columns a file lacks.
_VALUES = {"where": source_name, "columns": _columns}


_AN_EVENT = QT_TRANSLATE_NOOP("reasons", "an event")
# What each kind of event is, in words, for the list of sync problems.
EVENT_KINDS = {
    "registration": QT_TRANSLATE_NOOP("reasons", "a registration"),
    "void": QT_TRANSLATE_NOOP("reasons", "a void"),
    "tube.opened": QT_TRANSLATE_NOOP("reasons", "a tube opened"),
    "tube.sealed": QT_TRANSLATE_NOOP("reasons", "a tube sealed"),
    "tube.result": QT_TRANSLATE_NOOP("reasons", "a tube result"),
    "handover.recorded": QT_TRANSLATE_NOOP("reasons", "a handover"),
    "person.upserted": QT_TRANSLATE_NOOP("reasons", "a roster entry"),
    "enterprise.upserted": QT_TRANSLATE_NOOP("reasons", "an enterprise's details"),
    "exemption.set": QT_TRANSLATE_NOOP("reasons", "an exemption"),
    "exemption.cleared": QT_TRANSLATE_NOOP("reasons", "an exemption lifted"),
    "round.opened": QT_TRANSLATE_NOOP("reasons", "a round opened"),
    "round.closed": QT_TRANSLATE_NOOP("reasons", "a round closed"),
    "checkpoint.added": QT_TRANSLATE_NOOP("reasons", "a checkpoint"),
    "operator.added": QT_TRANSLATE_NOOP("reasons", "an operator"),
    "key.published": QT_TRANSLATE_NOOP("reasons", "the person-code key"),
    "audit.revealed": QT_TRANSLATE_NOOP("reasons", "an unmasking of personal data"),
    "data.purged": QT_TRANSLATE_NOOP("reasons", "a purge of personal data"),
}


def event_kind(kind: str | None) -> str:
    """An event's kind in words; an unknown kind as it is."""
    if kind in EVENT_KINDS:
        return QCoreApplication.translate(_CONTEXT, EVENT_KINDS[kind])
    return kind or QCoreApplication.translate(_CONTEXT, _AN_EVENT)


_SEPARATOR = QT_TRANSLATE_NOOP("reasons", "; ")


def translate(reason: str) -> str:
    """The reason in the station's language, or as written when it is not a known one; a roster
    row's several problems ("a; b") are translated one by one."""
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(reason)
        if match:
            values = {k: _VALUES[k](v) if k in _VALUES else v for k, v in match.groupdict().items()}
            return QCoreApplication.translate(_CONTEXT, template).format(**values)
    if "; " in reason:
        return QCoreApplication.translate(_CONTEXT, _SEPARATOR).join(translate(p) for p in reason.split("; "))
    return reason
