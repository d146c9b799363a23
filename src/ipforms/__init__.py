"""ipforms: bilingual (nb/nn) pages, fillable PDF forms and application checks
for individuell plan, koordinator and barnekoordinator in Norwegian municipalities.

The public API is re-exported here, loaded on first use (PEP 562): ``import
ipforms`` costs next to nothing, ``ipforms.validate_file`` loads the checks
without mkdocs, ``ipforms.build_sites`` loads the site part.  The CLI
(``ipforms``) is a thin layer over it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: public name -> the module that defines it
_API = {
    # errors
    "IpformsError": "core.errors", "DataError": "core.errors", "TemplateError": "core.errors",
    "BuildError": "core.errors", "FormError": "core.errors", "PdfInputError": "core.errors",
    "FnrError": "core.errors", "OutputError": "core.errors", "ProjectError": "core.errors",
    "InternalError": "core.errors",
    # municipality data and the site
    "LANGS": "core.lang", "Text": "core.lang", "SERVICES": "core.services",
    "Municipality": "core.municipality", "load_municipality": "core.municipality",
    "load_all": "core.municipality",
    "build_sites": "site.build", "BuildResult": "site.build", "site_forms": "site.siteforms",
    "new_project": "site.project",
    # forms: definitions, drawing, filling, attaching
    "FormDef": "forms.formdef", "FieldDef": "forms.formdef", "load_form": "forms.formdef",
    "list_forms": "forms.formdef", "blank_pdf": "forms.pdfdraw",
    "fill_form": "forms.fill", "fill_pdf": "forms.fill",
    "PdfField": "forms.acroform", "read_fields": "forms.acroform",
    "attach_fullmakt": "forms.attach", "read_attachment": "forms.attach",
    # validation of incoming applications
    "Result": "validation.validate", "validate_file": "validation.validate",
    "check_file": "validation.validate", "validate_folder": "validation.validate",
    "group_folder": "validation.validate",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'ipforms' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what type checkers and editors see
    from .validation.validate import (Result, check_file, group_folder, validate_file,
                                  validate_folder)
    from .core.errors import (BuildError, DataError, FnrError, FormError, InternalError,
                              IpformsError, OutputError, PdfInputError, ProjectError,
                              TemplateError)
    from .core.lang import LANGS, Text
    from .core.municipality import Municipality, load_all, load_municipality
    from .core.services import SERVICES
    from .forms.acroform import PdfField, read_fields
    from .forms.attach import attach_fullmakt, read_attachment
    from .forms.fill import fill_form, fill_pdf
    from .forms.formdef import FieldDef, FormDef, list_forms, load_form
    from .forms.pdfdraw import blank_pdf
    from .site.build import BuildResult, build_sites
    from .site.project import new_project
    from .site.siteforms import site_forms
