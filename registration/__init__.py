"""Registration domain: local store, scanned-payload rules, tubes, registrations, rosters.

Never imports Qt or the network; the station UI and the sync engine build on it.
"""
