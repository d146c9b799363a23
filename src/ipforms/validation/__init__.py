"""ipforms.validation."""
