"""Optional dependencies, imported on first use.

pandas, polars and matplotlib are extras (``pip install "ntm-criteria[pandas,plot]"``); a
missing one raises :class:`~ntm_criteria.exceptions.MissingDependencyError` naming the extra.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

from .exceptions import MissingDependencyError

_EXTRAS = {"pandas": "pandas", "polars": "polars", "matplotlib": "plot", "matplotlib.pyplot": "plot"}


def require(module: str, purpose: str) -> ModuleType:
    """Imports ``module`` or raises MissingDependencyError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        extra = _EXTRAS.get(module, module)
        raise MissingDependencyError(
            f"{purpose} needs {module.split('.')[0]}, which is not installed: "
            f'pip install "ntm-criteria[{extra}]"'
        ) from e


def pandas(purpose: str = "this") -> Any:
    """The pandas module."""
    return require("pandas", purpose)


def polars(purpose: str = "this") -> Any:
    """The polars module."""
    return require("polars", purpose)


def pyplot(purpose: str = "plotting") -> Any:
    """matplotlib.pyplot."""
    return require("matplotlib.pyplot", purpose)


def is_pandas(obj: object, kind: str = "DataFrame") -> bool:
    """Whether ``obj`` is a pandas object of ``kind``, without importing pandas."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, getattr(pd, kind))


def is_polars(obj: object, kind: str = "DataFrame") -> bool:
    """Whether ``obj`` is a polars object of ``kind``, without importing polars."""
    pl = sys.modules.get("polars")
    return pl is not None and isinstance(obj, getattr(pl, kind))
