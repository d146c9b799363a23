"""ipforms.core."""
