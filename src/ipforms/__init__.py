"""ipforms: bilingual (nb/nn) pages, fillable PDF forms and application checks
for individuell plan, koordinator and barnekoordinator in Norwegian municipalities.

The public API is re-exported here; the CLI (``ipforms``) is a thin layer over it.
"""

from .acroform import PdfField, read_fields
from .attach import attach_fullmakt, read_attachment
from .build import BuildResult, build_sites
from .errors import (BuildError, DataError, FormError, IpformsError,
                     PdfInputError, TemplateError)
from .fill import fill_form, fill_pdf
from .formdef import FieldDef, FormDef, list_forms, load_form
from .municipality import (LANGS, SERVICES, Municipality, load_all,
                           load_municipality)
from .pdfdraw import blank_pdf
from .siteforms import site_forms
from .validate import (Result, check_file, group_folder, validate_file,
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
