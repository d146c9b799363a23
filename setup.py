"""The build mapping: the default texts (``content/``) and the form definitions
(``forms/``) live at the top of the repository, where editors find them, and ship
inside the package (``ipforms/site/content/``, ``ipforms/forms/definitions/``).

Everything else is in pyproject.toml.  An editable install copies nothing: ipforms
reads the folders where they are (:mod:`ipforms.core.shipped`).
"""

import os

from setuptools import setup
from setuptools.command.build_py import build_py

#: folder at the top of the repository -> folder in the built package
MAPPING = {"content": "ipforms/site/content", "forms": "ipforms/forms/definitions"}


class BuildPy(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # read in place
        for src, dest in MAPPING.items():
            if not os.path.isdir(src):
                raise SystemExit(f"setup.py: {src}/ is missing (the sdist must carry it)")
            self.copy_tree(src, os.path.join(self.build_lib, dest))


setup(cmdclass={"build_py": BuildPy})
