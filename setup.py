"""Build hook: copy the clause library, schemas and examples into the wheel.

They live at the repository root so that legal teams can edit them as data; a
non-editable install still needs them, so the build places a copy inside the
package as ``contractsmith/_bundled``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED_DIRS = ("clauses", "schemas", "examples")


class BuildWithData(build_py):
    """build_py that also bundles the data folders."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "contractsmith" / "_bundled"
        for name in BUNDLED_DIRS:
            src = ROOT / name
            if src.is_dir():
                dest = target / name
                if dest.exists():
                    shutil.rmtree(dest)
                shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
