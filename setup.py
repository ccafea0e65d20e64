"""Build hook: ship the top-level data folders inside the wheel.

Lexicons, report templates and schemas live at the top of the repository so
domain experts find and edit them; an installed wheel carries copies under
``scanner/_data/`` (see ``scanner/resources.py``).  All metadata is in
``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("lexicons", "reports", "schemas")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "scanner" / "_data"
        for name in DATA_DIRS:
            source = here / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithData})
