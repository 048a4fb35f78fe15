"""What the figures say: the one definition of tested, missing and exempt, reconciliation and its
exports, progress, recall lists, the lab's manifest of a transport box and the office's views."""
