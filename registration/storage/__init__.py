"""The local store and its event log: the SQLite file, its schema upgrades and encryption, events with
their clock, bodies and catalogue of kinds, and what each device may say."""
