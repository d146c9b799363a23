"""ipforms.dev."""
