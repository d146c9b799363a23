"""ipforms.site."""
