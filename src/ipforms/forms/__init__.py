"""ipforms.forms."""
