"""ipforms: bilingual (nb/nn) pages, fillable PDF forms and application checks
for individuell plan, koordinator and barnekoordinator in Norwegian municipalities.

The public API is re-exported here; the CLI (``ipforms``) is a thin layer over it.
"""

from .errors import (BuildError, DataError, FormError, IpformsError,
                     PdfInputError, TemplateError)
from .municipality import (LANGS, SERVICES, Municipality, load_all,
                           load_municipality)

__version__ = "0.1.0"

__all__ = [
    "IpformsError", "DataError", "TemplateError", "BuildError", "FormError", "PdfInputError",
    "LANGS", "SERVICES", "Municipality", "load_municipality", "load_all",
]

# validation of incoming applications
from .validate import (Result, check_file, group_folder, validate_file,  # noqa: E402
                       validate_folder)

__all__ += ["Result", "validate_file", "check_file", "validate_folder", "group_folder"]

# forms: definitions, drawing, filling, attaching
from .acroform import PdfField, read_fields  # noqa: E402
from .attach import attach_fullmakt, read_attachment  # noqa: E402
from .fill import fill_form, fill_pdf  # noqa: E402
from .formdef import FieldDef, FormDef, list_forms, load_form  # noqa: E402
from .pdfdraw import blank_pdf  # noqa: E402
from .siteforms import site_forms  # noqa: E402

__all__ += ["FormDef", "FieldDef", "load_form", "list_forms", "blank_pdf", "fill_form",
            "fill_pdf", "PdfField", "read_fields", "attach_fullmakt", "read_attachment",
            "site_forms"]
