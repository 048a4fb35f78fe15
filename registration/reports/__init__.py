"""What the figures say: the one definition of tested, missing and exempt, reconciliation and its
exports, progress, recall lists and the office's views."""
