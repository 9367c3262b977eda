"""Where the dbt project is, and the vars its dbt_project.yml declares.

Every command works on one project directory: env RECON_PROJECT_DIR when set, else the
nearest directory from the working directory up that holds the reconciliation's
dbt_project.yml (where dbt runs), else the checkout this package was installed from.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

PROJECT_NAME = "reconciliation"


def _is_project(directory: Path) -> bool:
    """Return whether `directory` holds this dbt project's dbt_project.yml."""
    path = directory / "dbt_project.yml"
    if not path.is_file():
        return False
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("name") == PROJECT_NAME


def find_project_dir(start: Path | None = None) -> Path:
    """Return the project directory (see the module's docstring).

    Raises:
        FileNotFoundError: no directory qualifies; the message says what to set.

    """
    if os.environ.get("RECON_PROJECT_DIR"):
        directory = Path(os.environ["RECON_PROJECT_DIR"]).resolve()
        if not _is_project(directory):
            raise FileNotFoundError(
                f"RECON_PROJECT_DIR is {directory}, which holds no dbt_project.yml named "
                f"'{PROJECT_NAME}'. Point it at the reconciliation project."
            )
        return directory
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if _is_project(directory):
            return directory
    checkout = Path(__file__).resolve().parents[2]
    if _is_project(checkout):
        return checkout
    raise FileNotFoundError(
        f"no reconciliation dbt project in {here} or above it. Run recon from the project "
        "directory, or set RECON_PROJECT_DIR to it."
    )


def read_dbt_vars(project_dir: Path) -> dict[str, Any]:
    """Return the vars of the project's dbt_project.yml (their defaults)."""
    project = yaml.safe_load((Path(project_dir) / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(project.get("vars") or {})
