"""ipforms: bilingual (nb/nn) pages, fillable PDF forms and application checks
for individuell plan, koordinator and barnekoordinator in Norwegian municipalities.

The public API is re-exported here; the CLI (``ipforms``) is a thin layer over it.
"""

from .forms.acroform import PdfField, read_fields
from .forms.attach import attach_fullmakt, read_attachment
from .site.build import BuildResult, build_sites
from .core.errors import (BuildError, DataError, FormError, IpformsError,
                     PdfInputError, TemplateError)
from .forms.fill import fill_form, fill_pdf
from .forms.formdef import FieldDef, FormDef, list_forms, load_form
from .core.municipality import (LANGS, SERVICES, Municipality, load_all,
                           load_municipality)
from .forms.pdfdraw import blank_pdf
from .site.siteforms import site_forms
from .checks.validate import (Result, check_file, group_folder, validate_file,
                       validate_folder)

__version__ = "0.1.0"

__all__ = [
    # errors
    "IpformsError", "DataError", "TemplateError", "BuildError", "FormError", "PdfInputError",
    # municipality data and the site
    "LANGS", "SERVICES", "Municipality", "load_municipality", "load_all",
    "build_sites", "BuildResult",
    # forms: definitions, drawing, filling, attaching
    "FormDef", "FieldDef", "load_form", "list_forms", "blank_pdf", "fill_form", "fill_pdf",
    "PdfField", "read_fields", "attach_fullmakt", "read_attachment", "site_forms",
    # validation of incoming applications
    "Result", "validate_file", "check_file", "validate_folder", "group_folder",
]
