"""pandas / polars plumbing: columns in as numpy arrays, results out as frames.

Nothing here decides anything about criteria: column names are resolved, values checked,
criteria assessed, banded and counted by the Rust core. This module only moves data between
frame libraries and numpy arrays (without copying float64 columns) and builds the result
frames from the arrays the core fills (status codes → categoricals, band index → labels).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _deps
from . import _ntm_criteria as _ntm
from ._ntm_criteria import STATUSES, Banding, CriteriaSet
from .exceptions import InvalidValueError

__all__ = ["adapt", "assess_frame", "what_if", "make_frame", "communes_frame"]

Codes = Tuple["np.ndarray[Any, Any]", List[Any]]


def _check_backend(backend: str) -> str:
    if backend not in ("pandas", "polars"):
        raise InvalidValueError(f'backend must be "pandas" or "polars", not {backend!r}')
    return backend


class _Frame:
    """A pandas or polars DataFrame, seen as named columns."""

    kind: str

    def __init__(self, df: Any) -> None:
        self.df = df
        self.labels: List[Any] = list(df.columns)
        self.names: List[str] = [str(c) for c in self.labels]
        self._by_name = dict(zip(self.names, self.labels))

    @property
    def height(self) -> int:
        return int(self.df.shape[0])

    def has(self, label: Any) -> bool:
        return str(label) in self._by_name

    def label(self, name: Any) -> Any:
        return self._by_name.get(str(name), name)

    # Implemented by the subclasses.
    def kind_of(self, name: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def float64(self, name: str) -> "np.ndarray[Any, Any]":  # pragma: no cover - abstract
        raise NotImplementedError

    def counts(self, name: str) -> "np.ndarray[Any, Any]":  # pragma: no cover - abstract
        raise NotImplementedError

    def status_codes(self, name: str) -> "np.ndarray[Any, Any]":  # pragma: no cover - abstract
        raise NotImplementedError

    def factorize(self, name: str, sort: bool = False) -> Codes:  # pragma: no cover - abstract
        raise NotImplementedError

    def getter(self, name: str) -> Callable[[int], Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def result(self, columns: Dict[str, Any], id_col: Optional[Any]) -> Any:  # pragma: no cover
        raise NotImplementedError

    def statuses(self, codes: "np.ndarray[Any, Any]") -> List[Any]:  # pragma: no cover - abstract
        """One status column per row of ``codes`` (criteria × rows of 0 met, 1 not met, 2 not
        assessed)."""
        raise NotImplementedError

    def labelled(self, codes: "np.ndarray[Any, Any]", labels: Sequence[str]) -> Any:  # pragma: no cover
        raise NotImplementedError


def _contiguous(arr: Any, dtype: Any) -> "np.ndarray[Any, Any]":
    return np.ascontiguousarray(arr, dtype=dtype)


class _Pandas(_Frame):
    kind = "pandas"

    def __init__(self, df: Any) -> None:
        super().__init__(df)
        self.pd = _deps.pandas()
        self._cols: Dict[str, Any] = {}
        self._status_dtype: Any = None

    def _col(self, name: str) -> Any:
        # Looking a column up in a wide frame costs tens of µs: once per column and call.
        s = self._cols.get(name)
        if s is None:
            s = self._cols[name] = self.df[self.label(name)]
        return s

    def kind_of(self, name: str) -> str:
        s = self._col(name)
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "biuf":
            # Plain numpy columns (the common case) without pandas' slower dtype predicates.
            return "bool" if s.dtype.kind == "b" else "number"
        types = self.pd.api.types
        if types.is_bool_dtype(s.dtype):
            return "bool"
        if types.is_numeric_dtype(s.dtype):
            return "number"
        if s.dtype == object:
            inferred = types.infer_dtype(s, skipna=True)
            if inferred == "boolean":
                return "bool"
            if inferred in ("floating", "integer", "mixed-integer-float", "decimal", "empty"):
                return "number"
        return "other"

    def float64(self, name: str) -> "np.ndarray[Any, Any]":
        s = self._col(name)
        if s.dtype == np.float64:
            return _contiguous(s.to_numpy(), np.float64)  # a view: no copy
        if self.kind_of(name) == "bool":
            s = s.astype("boolean")
        return _contiguous(s.to_numpy(dtype="float64", na_value=np.nan), np.float64)

    def counts(self, name: str) -> "np.ndarray[Any, Any]":
        s = self._col(name)
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf":
            return _contiguous(s.to_numpy(), s.dtype)
        return _contiguous(s.to_numpy(dtype="float64", na_value=np.nan), np.float64)

    def status_codes(self, name: str) -> "np.ndarray[Any, Any]":
        s = self._col(name)
        if isinstance(s.dtype, self.pd.CategoricalDtype) and list(s.cat.categories) == list(STATUSES):
            codes = s.cat.codes.to_numpy()
        else:
            codes = self.pd.Categorical(s, categories=list(STATUSES)).codes
        return _contiguous(codes, np.int8)

    def factorize(self, name: str, sort: bool = False) -> Codes:
        s = self._col(name)
        dt = s.dtype
        python_strings = isinstance(dt, self.pd.StringDtype) and dt.storage == "python"
        if not sort and isinstance(dt, self.pd.CategoricalDtype):
            # A categorical column is already factorized: its codes (-1 for missing) index its
            # categories; categories no row uses are never looked at.
            codes = s.cat.codes.to_numpy()
            return _contiguous(codes, np.int8 if codes.dtype == np.int8 else np.int64), list(dt.categories)
        if not sort and (dt == object or python_strings):
            # A low-cardinality text column (regions, groups): the core factorizes it without
            # pandas' per-row hashing of new objects; anything else falls back to pandas.
            fast = _ntm._factorize_objects(s.to_numpy(dtype=object, copy=False))
            if fast is not None:
                return fast[0], fast[1]
        codes, uniques = self.pd.factorize(s, sort=sort, use_na_sentinel=True)
        return _contiguous(codes, np.int64), list(uniques)

    def getter(self, name: str) -> Callable[[int], Any]:
        s = self._col(name)
        return lambda i: s.iloc[i]

    def statuses(self, codes: "np.ndarray[Any, Any]") -> List[Any]:
        if self._status_dtype is None:
            self._status_dtype = self.pd.CategoricalDtype(list(STATUSES))
        out = []
        for row in codes:
            try:
                # The core's codes are 0, 1 or 2: no need for pandas to scan them again.
                out.append(self.pd.Categorical.from_codes(row, dtype=self._status_dtype, validate=False))
            except TypeError:  # pandas < 2.1 has no `validate`
                out.append(self.pd.Categorical.from_codes(row, dtype=self._status_dtype))
        return out

    def labelled(self, codes: "np.ndarray[Any, Any]", labels: Sequence[str]) -> Any:
        if len(set(labels)) == len(labels):
            return self.pd.Categorical.from_codes(codes, categories=list(labels))
        arr = np.asarray(list(labels) + [None], dtype=object)
        return arr[np.where(codes < 0, len(labels), codes)]

    def result(self, columns: Dict[str, Any], id_col: Optional[Any]) -> Any:
        data: Dict[Any, Any] = {}
        if id_col is not None:
            ids = self._col(str(id_col))
            if int(self.pd.__version__.split(".")[0]) < 3:
                ids = ids.copy()  # no copy-on-write before pandas 3: do not share the input's column
            data[self.label(id_col)] = ids  # a Series: pandas 3 shares it copy-on-write
        data.update(columns)
        # The columns are fresh arrays made for this frame: no need for pandas to copy them.
        return self.pd.DataFrame(data, index=self.df.index, copy=False)


class _Polars(_Frame):
    kind = "polars"

    def __init__(self, df: Any) -> None:
        super().__init__(df)
        self.pl = _deps.polars()

    def _col(self, name: str) -> Any:
        return self.df.get_column(str(name))

    def kind_of(self, name: str) -> str:
        dt = self._col(name).dtype
        pl = self.pl
        if dt == pl.Boolean:
            return "bool"
        if dt.is_numeric() or dt == pl.Null:
            return "number"
        return "other"

    def float64(self, name: str) -> "np.ndarray[Any, Any]":
        s = self._col(name)
        pl = self.pl
        if s.dtype == pl.Float64 and s.null_count() == 0:
            return _contiguous(s.to_numpy(), np.float64)  # a view of one chunk: no copy
        return _contiguous(s.cast(pl.Float64).to_numpy(), np.float64)

    def counts(self, name: str) -> "np.ndarray[Any, Any]":
        s = self._col(name)
        if s.dtype.is_integer() and s.null_count() == 0:
            arr = s.to_numpy()
            return _contiguous(arr, arr.dtype)
        return _contiguous(s.cast(self.pl.Float64).to_numpy(), np.float64)

    def status_codes(self, name: str) -> "np.ndarray[Any, Any]":
        pl = self.pl
        enum = pl.Enum(list(STATUSES))
        s = self._col(name)
        if s.dtype != enum:
            s = s.cast(pl.String).cast(enum, strict=False)
        return _contiguous(s.to_physical().cast(pl.Int8).fill_null(-1).to_numpy(), np.int8)

    def factorize(self, name: str, sort: bool = False) -> Codes:
        pl = self.pl
        s = self._col(name)
        uniq = s.drop_nulls().unique(maintain_order=True)
        if sort:
            uniq = uniq.sort()
        codes = (
            s.replace_strict(uniq, pl.Series(range(len(uniq)), dtype=pl.Int64), default=None, return_dtype=pl.Int64)
            .fill_null(-1)
            .to_numpy()
        )
        return _contiguous(codes, np.int64), uniq.to_list()

    def getter(self, name: str) -> Callable[[int], Any]:
        s = self._col(name)
        return lambda i: s[i]

    def statuses(self, codes: "np.ndarray[Any, Any]") -> List[Any]:
        pl = self.pl
        cats = pl.Series(values=list(STATUSES), dtype=pl.Enum(list(STATUSES)))
        names = [f"s{k}" for k in range(codes.shape[0])]
        # One select, so that polars gathers the columns in parallel.
        frame = pl.DataFrame({n: row for n, row in zip(names, codes)})
        out = frame.select(pl.lit(cats).gather(pl.col(n)).alias(n) for n in names)
        return [out.get_column(n) for n in names]

    def labelled(self, codes: "np.ndarray[Any, Any]", labels: Sequence[str]) -> Any:
        pl = self.pl
        dtype = pl.Enum(list(labels)) if len(set(labels)) == len(labels) else pl.String
        idx = pl.Series(codes.astype(np.int64))
        return idx.replace_strict(list(range(len(labels))), list(labels), default=None, return_dtype=dtype)

    def result(self, columns: Dict[str, Any], id_col: Optional[Any]) -> Any:
        pl = self.pl
        series = []
        if id_col is not None:
            series.append(self._col(str(id_col)))
        for name, values in columns.items():
            if isinstance(values, pl.Series):
                series.append(values.alias(name))
            else:
                series.append(pl.Series(name, values))
        return pl.DataFrame(series)


def adapt(df: Any, purpose: str = "this function") -> _Frame:
    """The adapter of a pandas or polars DataFrame."""
    if _deps.is_pandas(df):
        return _Pandas(df)
    if _deps.is_polars(df):
        return _Polars(df)
    raise TypeError(f"{purpose} takes a pandas or polars DataFrame, not {type(df).__name__}")


def empty_like(kind: str) -> _Frame:
    """An adapter without data, to build frames of a library."""
    if kind == "pandas":
        return _Pandas(_deps.pandas().DataFrame())
    return _Polars(_deps.polars().DataFrame())


def _plan(
    cset: CriteriaSet,
    fr: _Frame,
    special: Dict[str, Any],
    ignore: Optional[Sequence[Any]],
    require_all: bool,
) -> List[Tuple[int, str, "np.ndarray[Any, Any]"]]:
    skip = {str(v) for v in special.values()} | {str(v) for v in (ignore or ())}
    candidates = [n for n in fr.names if n not in skip]
    kinds = [fr.kind_of(n) for n in candidates]
    present = [(param, str(col), fr.has(col)) for param, col in special.items()]
    plan = cset._plan_columns(candidates, kinds, present, require_all)
    return [(idx, role, fr.float64(name)) for name, idx, role in plan]


def _keys(
    cset: CriteriaSet, fr: _Frame, region_col: Optional[Any], commune_group_col: Optional[Any]
) -> Optional["np.ndarray[Any, Any]"]:
    col = {"region": region_col, "commune_group": commune_group_col}.get(cset.dimension)
    if col is None:
        return None
    codes, uniques = fr.factorize(str(col))
    return cset._resolve_keys(uniques, codes, str(col))


def _special(**cols: Any) -> Dict[str, Any]:
    return {k: v for k, v in cols.items() if v is not None}


def _check_args(region: Any, region_col: Any, commune_group: Any, commune_group_col: Any) -> None:
    if region is not None and region_col is not None:
        raise TypeError("give region or region_col, not both")
    if commune_group is not None and commune_group_col is not None:
        raise TypeError("give commune_group or commune_group_col, not both")


def assess_frame(
    cset: CriteriaSet,
    df: Any,
    *,
    region: Any = None,
    region_col: Any = None,
    commune_group: Any = None,
    commune_group_col: Any = None,
    id_col: Any = None,
    disadvantaged: bool = False,
    disadvantaged_col: Any = None,
    banding: Optional[Banding] = None,
    missing: str = "not_assessed",
    ignore: Optional[Sequence[Any]] = None,
) -> Any:
    """See ``CriteriaSet.assess_frame``."""
    if missing not in ("not_assessed", "error"):
        raise InvalidValueError(f'missing must be "not_assessed" or "error", not {missing!r}')
    _check_args(region, region_col, commune_group, commune_group_col)
    fr = adapt(df, "CriteriaSet.assess_frame")
    special = _special(
        id_col=id_col, region_col=region_col, commune_group_col=commune_group_col, disadvantaged_col=disadvantaged_col
    )
    columns = _plan(cset, fr, special, ignore, missing == "error")
    keys = _keys(cset, fr, region_col, commune_group_col)
    flags = fr.float64(str(disadvantaged_col)) if disadvantaged_col is not None else None
    met, not_assessed, met_count, status, band, meets, labels = cset._assess_columns(
        columns,
        fr.height,
        region=region,
        commune_group=commune_group,
        disadvantaged=disadvantaged,
        keys=keys,
        disadvantaged_rows=flags,
        banding=banding,
        ids=fr.getter(str(id_col)) if id_col is not None else None,
    )
    out: Dict[str, Any] = {f"c{k + 1}": col for k, col in enumerate(fr.statuses(status))}
    out["met_count"] = met_count
    out["band"] = fr.labelled(band, labels)
    out["meets_standard"] = meets
    return fr.result(out, id_col)


def what_if(
    cset: CriteriaSet,
    df: Any,
    indicator: str,
    grid: Any,
    *,
    region: Any = None,
    region_col: Any = None,
    commune_group: Any = None,
    commune_group_col: Any = None,
    id_col: Any = None,
    disadvantaged: bool = False,
    disadvantaged_col: Any = None,
    banding: Optional[Banding] = None,
    ignore: Optional[Sequence[Any]] = None,
) -> Any:
    """See ``CriteriaSet.what_if``."""
    _check_args(region, region_col, commune_group, commune_group_col)
    fr = adapt(df, "CriteriaSet.what_if")
    special = _special(
        id_col=id_col, region_col=region_col, commune_group_col=commune_group_col, disadvantaged_col=disadvantaged_col
    )
    columns = _plan(cset, fr, special, ignore, False)
    keys = _keys(cset, fr, region_col, commune_group_col)
    flags = fr.float64(str(disadvantaged_col)) if disadvantaged_col is not None else None
    t = cset._what_if_columns(
        columns,
        fr.height,
        indicator,
        [float(x) for x in grid],
        region=region,
        commune_group=commune_group,
        disadvantaged=disadvantaged,
        keys=keys,
        disadvantaged_rows=flags,
        banding=banding,
    )
    data: Dict[str, Any] = {"threshold": t["threshold"], "meeting_standard": t["meeting_standard"]}
    for k in range(cset.criteria_count):
        data[f"c{k + 1}"] = [row[k] for row in t["criteria_met"]]
    for i, label in enumerate(t["labels"]):
        data[label] = [row[i] for row in t["band_counts"]]
    data["average"] = t["average"]
    return make_frame(data, fr.kind)


def make_frame(records: Dict[str, Any], backend: str = "pandas", precision: Optional[int] = None) -> Any:
    """A frame from a dict of columns (lists or arrays)."""
    _check_backend(backend)
    if backend == "pandas":
        return _deps.pandas("to_frame").DataFrame(records)
    pl = _deps.polars("to_frame")
    return pl.DataFrame(records, strict=False)


def communes_frame(cols: Dict[str, Any], backend: str = "pandas") -> Any:
    """The frame of ``CommuneTable.to_frame`` from the core's columns."""
    _check_backend(backend)
    fr = empty_like(backend)
    data: Dict[str, Any] = {}
    for name in ("code", "name", "district_code", "district", "province", "region", "commune_group", "disadvantaged"):
        data[name] = cols[name]
    status = cols["status"]
    if status is not None:
        for k, col in enumerate(fr.statuses(status)):
            data[f"c{k + 1}"] = col
    data["met_count"] = cols["met_count"]
    data["band"] = fr.labelled(cols["band"], cols["labels"])
    data["meets_standard"] = cols["meets_standard"]
    data["recognition"] = cols["recognition"]
    if backend == "pandas":
        pd = _deps.pandas()
        data["recognition_year"] = pd.array(cols["recognition_year"], dtype="Int64")
        data["recognition_decision"] = cols["recognition_decision"]
        return pd.DataFrame(data)
    pl = _deps.polars()
    data["recognition_year"] = pl.Series("recognition_year", cols["recognition_year"], dtype=pl.Int64)
    data["recognition_decision"] = pl.Series("recognition_decision", cols["recognition_decision"], dtype=pl.String)
    return fr.result(data, None)
