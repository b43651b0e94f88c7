"""A reference implementation of batch assessment in idiomatic, vectorised pandas.

This is what a careful analyst writes without the library: one boolean column per indicator by
comparing with a per-row threshold looked up from the region, then all-of per criterion, then a
sum. It is kept for the benchmark (speed and agreement), not used by the library.

Three states, as in the library: an indicator is not assessed when its value or threshold is
missing; a criterion is not met when any indicator fails, else not assessed when any indicator
is not assessed, else met.
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
import pandas as pd


def threshold_table(cs: Any) -> Dict[str, Dict[str, Any]]:
    """indicator id -> {"rule", "criterion", "by_region": {region_code: threshold}}."""
    table: Dict[str, Dict[str, Any]] = {}
    regions = [r.code for r in __import__("ntm_criteria").Region.all()]
    for crit in cs.criteria:
        for ind in crit.indicators:
            table[ind.id] = {
                "rule": ind.rule,
                "criterion": crit.number,
                "components": ind.components,
                "by_region": {code: ind.threshold(code) for code in regions},
            }
    return table


def assess(df: pd.DataFrame, table: Dict[str, Dict[str, Any]], n_criteria: int, region_col: str = "region") -> pd.DataFrame:
    region = df[region_col]
    failed = {k: pd.Series(False, index=df.index) for k in range(1, n_criteria + 1)}
    unknown = {k: pd.Series(False, index=df.index) for k in range(1, n_criteria + 1)}
    for ind_id, spec in table.items():
        k = spec["criterion"]
        rule = spec["rule"]
        if rule == "at_least_both":
            a_name, b_name = (f"{ind_id}:{c}" for c in spec["components"])
            a, b = df[a_name], df[b_name]
            tx = region.map({r: (t[0] if t else np.nan) for r, t in spec["by_region"].items()}).astype("float64")
            ty = region.map({r: (t[1] if t else np.nan) for r, t in spec["by_region"].items()}).astype("float64")
            unk = a.isna() | b.isna() | tx.isna() | ty.isna()
            fail = ~unk & ((a < tx) | (b < ty))
        elif ind_id not in df.columns:
            unk = pd.Series(True, index=df.index)
            fail = ~unk
        elif rule in ("achieved", "province_defined"):
            v = df[ind_id]
            unk = v.isna()
            fail = v == 0.0
        elif rule == "absent":
            v = df[ind_id]
            unk = v.isna()
            fail = ~unk & (v != 0.0)
        else:
            v = df[ind_id]
            t = region.map({r: (np.nan if x is None else x) for r, x in spec["by_region"].items()}).astype("float64")
            unk = v.isna() | t.isna()
            fail = ~unk & ((v < t) if rule == "at_least" else (v > t))
        failed[k] = failed[k] | fail
        unknown[k] = unknown[k] | unk
    out = {}
    met_cols = []
    for k in range(1, n_criteria + 1):
        status = np.where(failed[k], "not_met", np.where(unknown[k], "not_assessed", "met"))
        out[f"c{k}"] = status
        met_cols.append(status == "met")
    res = pd.DataFrame(out, index=df.index)
    res["met_count"] = np.sum(np.vstack(met_cols), axis=0)
    return res


def assess_loop(rows: List[Dict[str, Any]], table: Dict[str, Dict[str, Any]], n_criteria: int) -> List[int]:
    """The spreadsheet habit: a plain Python loop over rows and indicators."""
    counts = []
    for row in rows:
        failed = set()
        unknown = set()
        region = row["region"]
        for ind_id, spec in table.items():
            k = spec["criterion"]
            rule = spec["rule"]
            t = spec["by_region"][region]
            if rule == "at_least_both":
                a = row.get(f"{ind_id}:{spec['components'][0]}")
                b = row.get(f"{ind_id}:{spec['components'][1]}")
                if a is None or b is None or a != a or b != b or t is None:
                    unknown.add(k)
                elif a < t[0] or b < t[1]:
                    failed.add(k)
                continue
            v = row.get(ind_id)
            if v is None or v != v:
                unknown.add(k)
            elif rule in ("achieved", "province_defined"):
                if v == 0.0:
                    failed.add(k)
            elif rule == "absent":
                if v != 0.0:
                    failed.add(k)
            elif t is None:
                unknown.add(k)
            elif (rule == "at_least" and v < t) or (rule == "at_most" and v > t):
                failed.add(k)
        counts.append(sum(1 for k in range(1, n_criteria + 1) if k not in failed and k not in unknown))
    return counts
