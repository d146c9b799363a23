"""ipforms.checks."""
