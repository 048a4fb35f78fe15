"""Personal data leaving on schedule: retention (purging what a closed campaign no longer needs) and
the audit of every unmasking."""
