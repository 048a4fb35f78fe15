"""Second-generation ID-card readers (二代证阅读器): the card's text, the reader drivers (SAM serial,
the vendors' localhost services), finding a reader, and watching for cards laid on it.
"""
