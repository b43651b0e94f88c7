"""The example data installed with the package, so that quick starts run from any directory.

The files are those of ``examples/data`` in the repository (the package's ``data`` folder holds
them; its README says what is real and what is synthetic):

- ``lang_son_2020.csv``: the 181 real xã of Lạng Sơn, end of July 2020, with **synthetic**
  criteria lists whose aggregates equal the province's published report;
- ``lang_son_2020.xlsx``: the same data as an office keeps it (title block, Vietnamese headers);
- ``lang_son_2020_end.csv``: a **synthetic** second snapshot, end of 2020;
- ``province_example.json`` / ``.toml``: an illustrative provincial criteria set (not a real
  decision).

>>> import ntm_criteria as ntm
>>> communes = ntm.read_communes(ntm.examples.path("lang_son_2020.csv"))
>>> len(communes)
181
>>> "lang_son_2020.xlsx" in ntm.examples.names()
True
"""

from __future__ import annotations

from pathlib import Path
from typing import List

from .exceptions import InvalidValueError

__all__ = ["names", "path"]

_DIR = Path(__file__).resolve().parent / "data"


def names() -> List[str]:
    """The names of the example files, sorted.

    >>> names()[:2]
    ['README.md', 'lang_son_2020.csv']
    """
    return sorted(p.name for p in _DIR.iterdir() if p.is_file())


def path(name: str) -> Path:
    """The path of the installed example file ``name`` (one of ``names()``).

    >>> path("lang_son_2020.csv").name
    'lang_son_2020.csv'
    >>> path("lang_son.csv")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.InvalidValueError: no example file 'lang_son.csv'; the example files are README.md, lang_son_2020.csv, lang_son_2020.xlsx, lang_son_2020_end.csv, province_example.json, province_example.toml
    """
    available = names()
    if name not in available:
        raise InvalidValueError(f"no example file {name!r}; the example files are {', '.join(available)}")
    return _DIR / name
