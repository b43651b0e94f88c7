#!/usr/bin/env python3
"""Build the bundled data of crates/ntm-criteria/data/ from the shared reference research.

Usage:
    python3 tools/build_catalogs.py [REFERENCE_DIR] [--out DIR] [--no-core-check]

REFERENCE_DIR defaults to ../shared/reference relative to the repository root (resolved from
this script's location, not from the working directory). DIR defaults to
crates/ntm-criteria/data. Python 3.9+, standard library only, plus the project's Python package
for one check: every set is loaded with the Rust core (``CriteriaSet.from_json``, the loader of
src/catalog.rs) before anything is written, and nothing is written when the core refuses a set.
The package is taken from this interpreter or, failing that, from the repository's .venv
(``make python-install``); without it the build stops. It is the installed build of the core:
after changing the loader, reinstall it (``cargo test`` loads the committed sets with the
current source). The converter itself checks only that all text is NFC, which the loader does not.

``--no-core-check`` skips the load by the core (and so needs no Python package): for working on
the generator while the installed core does not yet accept what it writes (a new field or rule of
the set format). The output is byte-identical either way; tools/check_catalogs.py checks with the
core by default.

Inputs (REFERENCE_DIR):
    criteria/criteria_1980_2016.json   -> sets/2016-2020.json   (1980/QĐ-TTg, by region)
    criteria/criteria_318_2022.json    -> sets/2021-2025.json   (318/QĐ-TTg, NTM table, by region)
    criteria/criteria_51_2025.json     -> sets/2026-2030.json   (51/2025/QĐ-TTg, by commune group)
    criteria/verified_additions.json   -> applied to the first two (see below)
    criteria/additions_2026.json       -> `amendments` of sets/2021-2025.json (its records whose value
                                          names an ``amending_instrument``; see below)
    seed-sets/sets.json                -> sets/kieu-mau-2018-2020.json (691/QĐ-TTg, xã NTM kiểu mẫu)
                                          sets/kieu-mau-2021-2025.json (319/QĐ-TTg, xã NTM kiểu mẫu)
    province_regions.csv               -> province_regions.csv  (byte-identical copy)
    provinces_2025.csv                 -> provinces_2025.csv    (byte-identical copy)
Also written: README.md (provenance, the fate of every verified_additions record, coverage).

The output is the set format of docs/set-format.md. The project's first principle is "correct to
the record", so the conversion never invents or fills in a value:

- a reference ``null`` stays unknown: the cell is left out, or kept as ``"value": null`` when
  the reference cell carries a note or sources;
- every cell keeps its ``verified`` state (true / "partial" / false), its ``src`` (as
  ``sources``) and its ``note``;
- records of verified_additions.json are applied only for the sets "1980/QĐ-TTg" and
  "318/QĐ-TTg NTM" with status "verified" or "partial", and only where they fill an unknown
  cell, disagree with the main file or raise its verification (never lowering a verified=true
  cell); a record that agrees with a cell at the same or a lower level is added as a
  corroborating source only. Every other record is listed, with the reason, in the set's
  ``notes`` and in README.md;
- anything the reference holds that does not fit the format (criterion notes, text_verified
  "partial", name/placement flags, …) goes into a note, marked "Converter:" where the sentence
  is ours rather than the reference's;
- the two kiểu mẫu sets are built from the records of seed-sets/sets.json whose ``set`` is
  "QD691_2018_xa_kieu_mau" or "QD319_2022_xa_kieu_mau". Which record becomes which indicator, and
  its unit and rule, is fixed below (SEED_SETS); the value, its ``verified`` state, its source and
  the quoted text come from the record, and the build stops when a record no longer fits (a
  threshold or comparison that changed, a record nobody placed). A record whose source is an
  English-language page (host ``en.…``) gives ``desc_en``; its ``desc_vi`` is then the
  reference's paraphrase and ``text_verified`` is false ("EN only" in the note). Groups III and IV
  of 691/QĐ-TTg were never read: they are criteria with no indicators and placeholder names.

Every set also gets ``level`` (the recognition level meeting it earns) and ``aliases`` (the names
a user may type for it besides its id); the kiểu mẫu sets get ``requires`` (the level a commune
must already hold).

A set amended by a later decision gets ``amendments`` (right after ``requires``, or after
``aliases``): one entry per record of additions_2026.json whose ``value`` has an
``amending_instrument`` and whose ``set`` starts with the set's decision (318/QĐ-TTg is amended by
211/QĐ-TTg). Decision, date, ``verified`` and scope come from the record, its URL becomes source
``M1``, ``M2``, …; the note says that the amended values are not in the reference. The number of
such records per set is fixed below (``amendments`` in SETS); the build stops when a record
disappears, changes shape or names a set that expects none.

The output is deterministic: fixed key order, no timestamps, UTF-8, ``indent=1``, trailing
newline. tools/check_catalogs.py rebuilds into a temporary directory and diffs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import unicodedata
from datetime import date as _date
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REF = ROOT.parent / "shared" / "reference"
DEFAULT_OUT = ROOT / "crates" / "ntm-criteria" / "data"

REGIONS = ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]
REGION_KEYS = ["national"] + REGIONS
GROUP_KEYS = ["G1", "G2", "G3"]

# Bundled sets: output id, reference file, decision, period, dimension, additions set name.
SETS = [
    {
        "id": "2016-2020",
        "file": "criteria_1980_2016.json",
        "decision": "1980/QĐ-TTg",
        "years": (2016, 2020),
        "dimension": "region",
        "additions_set": "1980/QĐ-TTg",
        "criteria_count": 19,
        "level": "ntm",
        "aliases": ["1980", "1980/QĐ-TTg"],
    },
    {
        "id": "2021-2025",
        "file": "criteria_318_2022.json",
        "decision": "318/QĐ-TTg",
        "years": (2021, 2025),
        "dimension": "region",
        "additions_set": "318/QĐ-TTg NTM",
        "criteria_count": 19,
        "disadvantaged_uses": "NMM",
        "level": "ntm",
        "aliases": ["318", "318/QĐ-TTg"],
        "amendments": 1,  # records of additions_2026.json that amend it (211/QĐ-TTg)
    },
    {
        "id": "2026-2030",
        "file": "criteria_51_2025.json",
        "decision": "51/2025/QĐ-TTg",
        "years": (2026, 2030),
        "dimension": "commune_group",
        "additions_set": None,
        "criteria_count": 10,
        "level": "ntm",
        "aliases": ["51", "51/2025", "51/2025/QĐ-TTg"],
    },
]
ADDITIONS_SETS = {s["additions_set"]: s["id"] for s in SETS if s["additions_set"]}

# The 2026-2030 banding follows an unofficial reporting template (S22 of criteria_51_2025.json).
BANDING_2026 = [
    {"lo": 10, "hi": 10, "label_vi": "10", "label_en": "all 10"},
    {"lo": 5, "hi": 9, "label_vi": "5-9", "label_en": "5-9"},
    {"lo": 0, "hi": 4, "label_vi": "dưới 5", "label_en": "under 5"},
]

RULES = {
    ">=": "at_least",
    "gte": "at_least",
    "<=": "at_most",
    "lte": "at_most",
    "dat": "achieved",
    "absent": "absent",
    "dat_province_defined": "province_defined",
    ">= both": "at_least_both",
    ">= structured": "achieved",  # a structured requirement, judged by a verdict
}
UNITS = {
    "bool": "bool",
    "%": "percent",
    "% (two sub-thresholds)": "percent",
    "million VND/person/year": "million_vnd_per_person_year",
    "m2/person": "m2_per_person",
    # Structured requirements are assessed from the agency's verdict.
    "bool (structured)": "bool",
    "% (by standard level; depends on number of schools)": "bool",
}
STRUCTURED_UNITS = {"bool (structured)", "% (by standard level; depends on number of schools)"}
VERDICT_RULES = {"achieved", "province_defined"}
NUMERIC_RULES = {"at_least", "at_most", "at_least_both", "at_least_times"}
RANK = {True: 2, "partial": 1, False: 0}
STATUS_VERIFIED = {"verified": True, "partial": "partial"}
CELL_ORDER = ["value", "verified", "sources", "note", "year", "detail"]


class ReferenceError_(Exception):
    """The reference holds something this converter does not know how to carry faithfully."""


def fail(msg: str) -> NoReturn:
    raise ReferenceError_(msg)


def compact(v) -> str:
    """Compact, deterministic JSON text of a reference value (kept verbatim, key order as read)."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def join(*parts) -> str | None:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def ordered_cell(cell: dict) -> dict:
    return {k: cell[k] for k in CELL_ORDER if k in cell}


def verified_text(v) -> str:
    return {True: "true", False: "false", "partial": "partial"}[v]


def natural_key(source_id: str):
    head = source_id.rstrip("0123456789")
    tail = source_id[len(head):]
    return (head, int(tail) if tail else -1, source_id)


# --------------------------------------------------------------------------------------------
# Cells and indicators
# --------------------------------------------------------------------------------------------


def convert_cell(cell: dict, rule: str, structured: bool, where: str) -> dict | None:
    """One reference threshold cell -> one set-format cell (None: unknown and nothing to keep)."""
    unknown_keys = set(cell) - {"value", "verified", "src", "note"}
    if unknown_keys:
        fail(f"{where}: unexpected cell keys {sorted(unknown_keys)}")
    v = cell.get("value")
    out: dict = {}
    if structured:
        if isinstance(v, dict):
            out["detail"] = compact(v)  # verdict-assessed; value omitted
        elif v is not None:
            fail(f"{where}: structured indicator with a non-structured value {v!r}")
    elif rule == "at_least_both":
        if isinstance(v, dict):
            if set(v) != {"hygienic_min_pct", "clean_min_pct"}:
                fail(f"{where}: unexpected two-part value {v!r}")
            pair = [v["hygienic_min_pct"], v["clean_min_pct"]]
            if any(x is not None and not is_number(x) for x in pair):
                fail(f"{where}: non-numeric two-part value {v!r}")
            if pair != [None, None]:
                out["value"] = pair
        elif v is not None:
            fail(f"{where}: an at_least_both cell needs a two-part value, got {v!r}")
    elif rule in VERDICT_RULES:
        if v == "Đạt":
            out["value"] = "Đạt"
        elif v is not None:
            fail(f"{where}: a {rule} cell holds {v!r}, expected 'Đạt' or null")
    elif rule == "absent":
        if v == "Không":
            out["value"] = "Không"
        elif v is not None:
            fail(f"{where}: an absent cell holds {v!r}, expected 'Không' or null")
    else:
        if is_number(v):
            out["value"] = v
        elif v is not None:
            fail(f"{where}: a {rule} cell holds {v!r}, expected a number or null")
    verified = cell.get("verified")
    if verified not in (True, False, "partial"):
        fail(f"{where}: verified is {verified!r}")
    if "value" not in out and "detail" not in out:
        if not cell.get("note") and not cell.get("src"):
            return None  # unknown, nothing worth keeping: left out
        out["value"] = None
    out["verified"] = verified
    if cell.get("src"):
        out["sources"] = list(cell["src"])
    if cell.get("note"):
        out["note"] = cell["note"]
    return ordered_cell(out)


def convert_indicator(ind: dict, keys: list[str], where: str) -> dict:
    known = {
        "id", "desc_vi", "desc_en", "description_vi", "description_en", "unit", "comparison",
        "same_for_all_regions", "thresholds", "thresholds_by_commune_group", "text_verified",
        "src", "notes", "note", "year_dependent", "existence_uncertain", "official_number",
        "name_verified", "placement_verified",
    }
    extra = set(ind) - known
    if extra:
        fail(f"{where}: unexpected indicator keys {sorted(extra)}")
    iid = ind["id"]
    comparison = ind["comparison"]
    ref_unit = ind["unit"]
    if comparison not in RULES:
        fail(f"{where}: unknown comparison {comparison!r}")
    if ref_unit not in UNITS:
        fail(f"{where}: unknown unit {ref_unit!r}")
    rule, unit = RULES[comparison], UNITS[ref_unit]
    structured = comparison == ">= structured" or ref_unit in STRUCTURED_UNITS
    if structured and rule != "achieved":
        fail(f"{where}: structured indicator with rule {rule}")

    out: dict = {"id": iid}
    for lang in ("vi", "en"):
        text = ind.get(f"desc_{lang}") or ind.get(f"description_{lang}")
        if text and text.strip():  # an empty description stays absent
            out[f"desc_{lang}"] = text
    out["unit"] = unit
    out["rule"] = rule
    if rule == "at_least_both":
        out["components"] = ["hygienic", "clean"]

    converter: list[str] = []
    tv = ind.get("text_verified", False)
    if tv is True:
        out["text_verified"] = True
    elif tv is False:
        out["text_verified"] = False
    elif tv == "partial":
        out["text_verified"] = False
        converter.append('the reference marks the indicator text as only partly verified (text_verified "partial"); '
                         "the format has yes/no only, so it is written false.")
    else:
        fail(f"{where}: text_verified is {tv!r}")
    if "name_verified" in ind or "placement_verified" in ind:
        converter.append(
            f"reference name_verified={json.dumps(ind.get('name_verified'))}, "
            f"placement_verified={json.dumps(ind.get('placement_verified'))}; the wording was not read in the "
            "decision itself, so text_verified is written false."
        )
    if ind.get("official_number") is not None:
        converter.append(f"official indicator number: {ind['official_number']}.")
    if ind.get("existence_uncertain") is True:
        out["existence_uncertain"] = True
    elif ind.get("existence_uncertain") not in (None, False):
        fail(f"{where}: existence_uncertain is {ind['existence_uncertain']!r}")
    if ind.get("src"):
        out["sources"] = list(ind["src"])
    if structured:
        converter.append(
            f"the official requirement is structured (reference unit {ref_unit!r}, comparison {comparison!r}); "
            "each cell keeps it verbatim in `detail` and the indicator is assessed from the agency's yes/no verdict."
        )
    if ind.get("year_dependent"):
        converter.append("the reference marks this indicator year-dependent (year_dependent: true).")
    if iid == "15.3" and rule == "at_least":
        converter.append(
            "the reference gives the comparison '>=' for stunting, which is a ceiling ('<=') in 1980/QĐ-TTg 15.3; "
            "the rule is kept as given because every cell is unknown. Check against the official table."
        )
    note = join(ind.get("notes"), ind.get("note"), *(f"Converter: {c}" for c in converter))
    if note:
        out["note"] = note

    cells = ind.get("thresholds", ind.get("thresholds_by_commune_group")) or {}
    extra_keys = set(cells) - set(keys)
    if extra_keys:
        fail(f"{where}: threshold keys {sorted(extra_keys)} are not among {keys}")
    thresholds = {}
    for key in keys:  # fixed key order
        if key in cells:
            c = convert_cell(cells[key], rule, structured, f"{where}.{key}")
            if c is not None:
                thresholds[key] = c
    out["thresholds"] = thresholds
    out["_structured"] = structured  # internal, removed before writing
    return out


# --------------------------------------------------------------------------------------------
# verified_additions.json
# --------------------------------------------------------------------------------------------


def expand_ids(raw: str) -> list[str] | None:
    """'6.1/6.2' -> both; '17.3-17.5' -> 17.3, 17.4, 17.5; ids with words -> None."""
    raw = raw.strip()

    def plain(s: str) -> bool:
        return bool(s) and all(p.isdigit() for p in s.split("."))

    if "/" in raw:
        parts = [p.strip() for p in raw.split("/")]
        return parts if all(plain(p) for p in parts) else None
    if "-" in raw:
        a, _, b = (p.strip() for p in raw.partition("-"))
        if plain(a) and plain(b) and "." in a and "." in b:
            head_a, lo = a.rsplit(".", 1)
            head_b, hi = b.rsplit(".", 1)
            if head_a == head_b and int(lo) <= int(hi):
                return [f"{head_a}.{i}" for i in range(int(lo), int(hi) + 1)]
        return None
    return [raw] if plain(raw) else None


def record_label(n: int, rec: dict) -> str:
    return f"#{n} ({rec.get('set')} {rec.get('indicator_id')} {rec.get('region')}, {rec.get('status')})"


def record_text(n: int, rec: dict) -> str:
    kind = f", {rec['source_kind']}" if rec.get("source_kind") else ""
    return join(
        f"verified_additions.json record #{n} (status {rec['status']}{kind}): {rec.get('paraphrase') or ''}",
        f"Applies to: {rec['applies_to']}." if rec.get("applies_to") else None,
        f"Record note: {rec['note']}" if rec.get("note") else None,
        f"Conflict: {rec['conflict']}" if rec.get("conflict") else None,
    )


def describe_old(old: dict) -> str:
    parts = [f"value {compact(old.get('value'))}" if "value" in old else None,
             f"detail {old['detail']}" if old.get("detail") else None,
             f"verified {verified_text(old['verified'])}",
             f"sources {', '.join(old['sources'])}" if old.get("sources") else "no sources",
             f"note: {old['note']}" if old.get("note") else None]
    return "; ".join(p for p in parts if p)


def record_cell(rec: dict, ind: dict) -> tuple[dict | None, str | None]:
    """The cell a record proposes for an indicator, or (None, reason)."""
    rule, value = ind["rule"], rec.get("value")
    rec_rule = RULES.get(rec.get("comparison") or "")
    if rec_rule is None:
        return None, f"its comparison {rec.get('comparison')!r} is not a threshold comparison"
    if rec_rule != rule and not (rec_rule in VERDICT_RULES and rule in VERDICT_RULES):
        return None, (f"its comparison {rec['comparison']!r} ({rec_rule}) with value {compact(value)} does not fit "
                      f"indicator {ind['id']}'s rule {rule}" + (" (a structured requirement)" if ind["_structured"] else ""))
    if rec.get("unit") is not None:
        rec_unit = UNITS.get(rec["unit"])
        if rec_unit != ind["unit"]:
            return None, f"its unit {rec['unit']!r} does not fit indicator {ind['id']}'s unit {ind['unit']}"
    cell: dict = {}
    if rule in ("at_least", "at_most") and is_number(value):
        cell["value"] = value
    elif rule == "at_least_both" and isinstance(value, dict) and set(value) == {"hygienic_min_pct", "clean_min_pct"}:
        cell["value"] = [value["hygienic_min_pct"], value["clean_min_pct"]]
    elif rule in VERDICT_RULES and value == "Đạt" and not ind["_structured"]:
        cell["value"] = "Đạt"
    elif rule in VERDICT_RULES and isinstance(value, dict) and value.get("dat") is True and not ind["_structured"]:
        cell["value"] = "Đạt"
        cell["detail"] = compact(value)
    elif rule == "absent" and value == "Không":
        cell["value"] = "Không"
    else:
        return None, f"its value {compact(value)} is not a single threshold for indicator {ind['id']}'s rule {rule}"
    if rec_rule != rule:
        cell["_rule_note"] = (f"Converter: the record reads this indicator as {rec_rule} (comparison "
                              f"{rec['comparison']!r}); the main reference has {rule}, which is kept (both are "
                              "judged by a yes/no verdict).")
    return cell, None


def apply_additions(set_out: dict, by_id: dict, records: list, ledger: list) -> None:
    """Apply the records of one set in file order; append every outcome to `ledger`."""
    name = set_out["_additions_set"]
    keys = REGION_KEYS
    next_id = 1
    for n, rec in records:
        if rec.get("set") != name:
            continue
        base = {"n": n, "rec": rec, "set_id": set_out["id"]}
        ids = expand_ids(str(rec.get("indicator_id", "")))
        region = rec.get("region")
        reasons = []
        if ids is None:
            reasons.append(f"its indicator id {rec.get('indicator_id')!r} names no single indicator of the set")
        elif any(i not in by_id for i in ids):
            reasons.append(f"indicator {rec.get('indicator_id')!r} is not in the set")
        if region not in keys:
            reasons.append(f"its region {region!r} is not one cell key")
        if reasons:
            if isinstance(rec.get("value"), dict) and "min_pct_range" in rec["value"]:
                reasons.append(f"its value {compact(rec['value'])} is a range, not a single threshold")
            ledger.append({**base, "outcome": "not applied", "reason": "; ".join(reasons)})
            continue
        new_v = STATUS_VERIFIED[rec["status"]]
        plans = []
        for iid in ids:
            ind = by_id[iid]
            cell, why = record_cell(rec, ind)
            if cell is None:
                reason = why + (f". Record note: {rec['note'].rstrip('.')}" if rec.get("note") else "")
                plans = None
                break
            old = ind["thresholds"].get(region)
            old_value = old.get("value") if old else None
            same = old is not None and old_value is not None and old_value == cell["value"] \
                and old.get("detail") == cell.get("detail")
            if old is None or (old_value is None and not old.get("detail")):
                plans.append((ind, cell, old, "fill"))
            elif same and RANK[new_v] > RANK[old["verified"]]:
                plans.append((ind, cell, old, "raise"))
            elif same:
                plans.append((ind, cell, old, "corroborate"))
            elif old["verified"] is True and new_v is not True:
                reason = (f"it disagrees with the main file's verified=true cell ({describe_old(old)}) but is only "
                          f"{rec['status']}; a verified cell is not lowered")
                plans = None
                break
            else:
                plans.append((ind, cell, old, "replace"))
        if plans is None:
            ledger.append({**base, "outcome": "not applied", "reason": reason})
            continue
        sid = f"A{next_id}"
        next_id += 1
        if sid in set_out["sources"]:
            fail(f"source id {sid} already used in {set_out['id']}")
        set_out["sources"][sid] = rec["url"]
        text = record_text(n, rec)
        actions = []
        for ind, cell, old, action in plans:
            rule_note = cell.pop("_rule_note", None)
            if action == "corroborate":
                new = dict(old)
                new["sources"] = list(old.get("sources", [])) + [sid]
                new["note"] = join(old.get("note"), f"Corroborated by {text}")
            else:
                new = {"value": cell["value"]}
                if action == "raise":
                    new["verified"] = new_v
                    new["sources"] = list(old.get("sources", [])) + [sid]
                    new["note"] = join(old.get("note"), text,
                                       f"Converter: raises the main file's verified {verified_text(old['verified'])}.",
                                       rule_note)
                else:
                    new["verified"] = new_v
                    new["sources"] = [sid]
                    prior = None
                    if old is not None:
                        prior = f"Converter: replaces the main file's cell ({describe_old(old)})."
                    new["note"] = join(text, rule_note, prior)
                if rec.get("year") is not None:
                    new["year"] = rec["year"]
                elif old and old.get("year") is not None and action == "raise":
                    new["year"] = old["year"]
                if "detail" in cell:
                    new["detail"] = cell["detail"]
            ind["thresholds"][region] = ordered_cell(new)
            actions.append(f"{ind['id']} {region}: {action}")
        ledger.append({**base, "outcome": "corroborates" if all(a.endswith("corroborate") for a in actions)
                       else "applied", "source_id": sid, "actions": actions})
    # thresholds back into the fixed key order
    for ind in by_id.values():
        ind["thresholds"] = {k: ind["thresholds"][k] for k in keys if k in ind["thresholds"]}


def skipped_reason(rec: dict) -> str | None:
    """Why a record is skipped before looking at its cell (None: it is a candidate)."""
    reasons = []
    s = rec.get("set")
    if s not in ADDITIONS_SETS:
        if "nâng cao" in str(s):
            reasons.append("it belongs to the 318/QĐ-TTg nâng cao (advanced) table, which is not bundled")
        elif "491" in str(s):
            reasons.append("491/QĐ-TTg (2009-2015) is not bundled")
        else:
            reasons.append(f"set {s!r} is not bundled")
    status = rec.get("status")
    if status == "provincial_only":
        reasons.append("status provincial_only: a province raised this value, it is not the national one")
    elif status == "draft":
        reasons.append("status draft: from before the decision was signed, not usable")
    elif status not in STATUS_VERIFIED:
        reasons.append(f"status {status!r}")
    return "; ".join(reasons) if reasons else None


# --------------------------------------------------------------------------------------------
# Sets
# --------------------------------------------------------------------------------------------


def rule_note(r: dict) -> str:
    src = r.get("src") or []
    return join(f"Rule: {r['rule']}",
                f"(verified: {verified_text(r.get('verified', False)) if r.get('verified') in RANK else r.get('verified')};"
                f" sources: {', '.join(map(str, src)) if src else 'none'})",
                f"Note: {r['note']}" if r.get("note") else None)


def source_map(ref: dict) -> dict:
    out = {}
    for k, v in ref.get("sources", {}).items():
        out[k] = v if isinstance(v, str) else compact(v)
    return out


def header(spec: dict, ref: dict) -> dict:
    if ref["set_id"] != spec["decision"]:
        fail(f"{spec['file']}: set_id {ref['set_id']!r}, expected {spec['decision']!r}")
    out = {
        "format": 1,
        "id": spec["id"],
        "decision": ref["set_id"],
        "decision_date": ref["issued"],
    }
    if ref.get("effective"):
        out["effective"] = ref["effective"]
    out.update({
        "valid_from": spec["years"][0],
        "valid_to": spec["years"][1],
        "title_vi": ref["title_vi"],
        "title_en": ref["title_en"],
        "criteria_count": len(ref["criteria"]),
        "dimension": spec["dimension"],
        "level": spec["level"],
        "aliases": list(spec["aliases"]),
    })
    if spec.get("disadvantaged_uses"):
        out["disadvantaged_uses"] = spec["disadvantaged_uses"]
    return out


def convert_criteria(ref: dict, keys: list[str], notes: list[str], with_groups: bool) -> list[dict]:
    crits = []
    for c in ref["criteria"]:
        known = {"number", "group", "name_vi", "name_en", "name_src", "indicators", "notes", "name_verified",
                 "indicator_count", "indicators_complete"}
        extra = set(c) - known
        if extra:
            fail(f"criterion {c.get('number')}: unexpected keys {sorted(extra)}")
        crit: dict = {"number": c["number"]}
        if with_groups:
            crit["group"] = c["group"]
        elif c.get("group") is not None:
            fail(f"criterion {c['number']}: a group in a set without groups")
        crit["name_vi"] = c["name_vi"]
        crit["name_en"] = c["name_en"]
        if c.get("name_src"):
            crit["sources"] = list(c["name_src"])
        crit["indicators"] = [convert_indicator(i, keys, f"criterion {c['number']} indicator {i.get('id')}")
                              for i in c["indicators"]]
        if c.get("notes"):
            notes.append(f"Criterion {c['number']} ({c['name_en']}): {c['notes']}")
        if "name_verified" in c and c["name_verified"] is not True:
            notes.append(f"Criterion {c['number']}: name_verified is {json.dumps(c['name_verified'])} in the reference.")
        if c.get("indicators_complete") is False:
            count = c.get("indicator_count")
            notes.append(
                f"Criterion {c['number']} ({c['name_en']}): the reference's indicator list is incomplete "
                f"({len(c['indicators'])} listed; official count {'unknown' if count is None else count}); "
                + ("it can only be assessed from criterion-level data." if not c["indicators"]
                   else "the listed indicators are not the whole criterion.")
            )
        crits.append(crit)
    return crits


def build_region_set(spec: dict, ref: dict, ref1980: dict, records: list, ledger: list) -> dict:
    out = header(spec, ref)
    notes: list[str] = [ref["status_note"]]
    if spec["id"] == "2016-2020":
        notes.append(f"Replaces {', '.join(ref['replaces'])} (sources: {', '.join(ref.get('replaces_src', []))}). "
                     f"Period: {ref['period']}.")
    if spec["id"] == "2021-2025":
        adv = ref.get("advanced_set_nang_cao", {})
        known = "; ".join(f"criterion {k['criterion']} {k['region']} {k['value']} (verified "
                          f"{verified_text(k['verified'])}, sources {', '.join(k.get('src', []))}: {k.get('note', '')})"
                          for k in adv.get("known", []))
        notes.append(
            "This set is the decision's xã NTM table only. The second table of the same decision, xã NTM nâng cao "
            f"({adv.get('applies_to', 'advanced communes')}), is not bundled: {adv.get('status', '')} Known from it: "
            f"{known or 'nothing'}."
        )
        mm = ref.get("model_set_kieu_mau")
        if mm:
            notes.append(f"Kiểu mẫu (model) communes: {mm['decision']}, {mm['status']} (sources: "
                         f"{', '.join(mm.get('src', []))}).")
        if ref.get("related"):
            notes.append("Related decisions: " + "; ".join(f"{k}: {v}" for k, v in ref["related"].items()) + ".")
        notes.append("ĐBKK (extremely disadvantaged) and ATK communes of poor districts are assessed with the NMM "
                     "(Trung du miền núi phía Bắc) values: disadvantaged_uses = NMM (rule below).")
    if ref.get("region_codes_note"):
        notes.append(ref["region_codes_note"])
    if ref.get("groups_note"):
        notes.append(ref["groups_note"])
    groups = []
    en_1980 = {g["id"]: g for g in ref1980["groups"]}
    borrowed = []
    for g in ref["groups"]:
        en = g.get("en")
        if not en:
            g80 = en_1980.get(g["id"])
            if g80 is None or g80["vi"] != g["vi"]:
                fail(f"{spec['file']}: group {g['id']} has no English name and no same-named 1980 group")
            en = g80["en"]
            borrowed.append(g["id"])
        groups.append({"id": g["id"], "name_vi": g["vi"], "name_en": en, "criteria": list(g["criteria"])})
    if borrowed:
        notes.append(f"Converter: the reference gives no English group names; those of groups {', '.join(borrowed)} "
                     "are taken from criteria_1980_2016.json, whose five groups have the same Vietnamese names.")
    for r in ref.get("rules", []):
        notes.append(rule_note(r))
    out["groups"] = groups
    out["sources"] = source_map(ref)
    out["notes"] = notes
    out["criteria"] = convert_criteria(ref, REGION_KEYS, notes, with_groups=True)
    out["_additions_set"] = spec["additions_set"]
    by_id = {i["id"]: i for c in out["criteria"] for i in c["indicators"]}
    start = len(ledger)
    apply_additions(out, by_id, records, ledger)
    applied = [e for e in ledger[start:] if e["outcome"] in ("applied", "corroborates")]
    not_applied = [e for e in ledger[start:] if e["outcome"] == "not applied"]
    if applied:
        notes.append(
            "Converter: verified_additions.json records applied (source ids A1…, in file order; record numbers are "
            "1-based positions in that file): "
            + "; ".join(f"{e['source_id']} = record #{e['n']} ({', '.join(e['actions'])})" for e in applied) + "."
        )
    for e in not_applied:
        notes.append(f"Converter: verified_additions.json record {record_label(e['n'], e['rec'])} not applied: "
                     f"{e['reason'].rstrip('.')}.")
    return out


AMENDMENTS_FILE = "additions_2026.json"
AMENDMENT_RECORD_KEYS = {"set", "criterion", "indicator_id", "region", "comparison", "value", "unit", "year",
                         "record_type", "verified", "src", "quote", "note"}
AMENDMENT_VALUE_KEYS = {"amending_instrument", "date", "scope"}


def amendment_records(additions: list) -> list[tuple[int, dict]]:
    """The records of additions_2026.json that name a decision amending a set (1-based numbers)."""
    return [(n, r) for n, r in enumerate(additions, start=1)
            if isinstance(r, dict) and isinstance(r.get("value"), dict) and "amending_instrument" in r["value"]]


def amendment_entry(n: int, rec: dict, decision: str, sid: str) -> dict:
    """One record of additions_2026.json -> one `amendments` entry (the build stops on any other shape)."""
    where = f"{AMENDMENTS_FILE} record #{n}"
    if set(rec) != AMENDMENT_RECORD_KEYS:
        fail(f"{where}: keys {sorted(rec)}, expected {sorted(AMENDMENT_RECORD_KEYS)}")
    v = rec["value"]
    if set(v) != AMENDMENT_VALUE_KEYS:
        fail(f"{where}: value keys {sorted(v)}, expected {sorted(AMENDMENT_VALUE_KEYS)}")
    if rec["record_type"] != "structural" or rec["criterion"] != "all" or rec["region"] != "national" \
            or any(rec[k] is not None for k in ("indicator_id", "comparison", "unit", "year")):
        fail(f"{where}: not a whole-set structural record ({compact({k: rec[k] for k in sorted(rec) if k != 'value'})})")
    inst, date, scope = v["amending_instrument"], v["date"], v["scope"]
    if not isinstance(inst, str) or not inst.strip() or inst == decision:
        fail(f"{where}: amending_instrument {inst!r}")
    try:
        ok = isinstance(date, str) and len(date) == 10 and _date.fromisoformat(date).isoformat() == date
    except ValueError:
        ok = False
    if not ok:
        fail(f"{where}: date {date!r} is not YYYY-MM-DD")
    if not isinstance(scope, str) or not scope.strip():
        fail(f"{where}: scope {scope!r}")
    if rec["verified"] not in RANK:
        fail(f"{where}: verified is {rec['verified']!r}")
    url = rec["src"]
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or any(c.isspace() for c in url) \
            or ";" in url:
        fail(f"{where}: src {url!r} is not one URL")
    year = date[:4]
    note = join(
        f"Reference scope ({AMENDMENTS_FILE} record #{n}): {sentence(scope)}",
        f"Converter: which targets of this set {inst} changed is not in the reference, so the amended values are "
        f"not in this data: every threshold of the set whose cell is not for a year on or after {year} (the "
        f"cell's `year`) may be superseded from {date}.",
    )
    return {"decision": inst, "date": date, "verified": rec["verified"], "sources": [sid], "note": note}


def add_amendments(s: dict, spec: dict, records: list[tuple[int, dict]]) -> dict:
    """`s` with its `amendments` (right after `requires`, else after `aliases`) and their sources."""
    mine = [(n, r) for n, r in records if str(r.get("set", "")).startswith(spec["decision"] + " ")]
    expected = spec.get("amendments", 0)
    if len(mine) != expected:
        fail(f"{spec['id']}: {len(mine)} amending record(s) in {AMENDMENTS_FILE} for {spec['decision']} "
             f"(records {[n for n, _ in mine]}), expected {expected}")
    if not mine:
        return s
    entries = []
    for k, (n, rec) in enumerate(mine, start=1):
        sid = f"M{k}"
        if sid in s["sources"]:
            fail(f"source id {sid} already used in {s['id']}")
        s["sources"][sid] = rec["src"]
        entries.append(amendment_entry(n, rec, s["decision"], sid))
    anchor = "requires" if "requires" in s else "aliases"
    out = {}
    for key, val in s.items():
        out[key] = val
        if key == anchor:
            out["amendments"] = entries
    return out


def build_51(spec: dict, ref: dict) -> dict:
    out = header(spec, ref)
    notes: list[str] = [ref["status_note"]]
    counts = ref.get("counts", {})
    notes.append(
        f"The decision has {counts.get('criteria')} criteria and {counts.get('indicators')} indicators (sources: "
        f"{', '.join(counts.get('src', []))}); the reference lists only "
        f"{sum(len(c['indicators']) for c in ref['criteria'])} indicators, named in sources' own words, and "
        "no criterion groups."
    )
    notes.append(
        "Almost no thresholds were found: every threshold cell of the reference is null (unknown, verified false), "
        "so no cell is written and every indicator can only be assessed from a yes/no verdict or criterion-level data."
    )
    notes.append(ref["regions_note"])
    for g in ref["commune_groups"]:
        notes.append(f"{g['code']} = {g['vi']}, {g['en']}: {g['definition_en']} (verified "
                     f"{verified_text(g['verified'])}; sources: {', '.join(g.get('src', []))}).")
    for k in ("commune_groups_precedence_note", "draft_warning"):
        if ref.get(k):
            notes.append(ref[k])
    if ref.get("effective_src"):
        notes.append(f"Effective date {ref['effective']} (sources: {', '.join(ref['effective_src'])}).")
    if ref.get("replaces"):
        notes.append(f"Replaces (verified: {json.dumps(ref.get('replaces_verified'))}): "
                     f"{'; '.join(ref['replaces'])}. {ref.get('replaces_note', '')}".strip())
    if ref.get("annexes"):
        notes.append("Annexes: " + "; ".join(f"{k}: {v}" for k, v in ref["annexes"].items())
                     + ". Only Annex I (the commune set) is bundled here.")
    if ref.get("levels_removed"):
        notes.append("Levels no longer in the 2026-2030 framework: " + "; ".join(ref["levels_removed"]) + ".")
    rules = ref.get("rules", {})
    if rules.get("commune_recognition"):
        notes.append(f"Recognition: {rules['commune_recognition']}")
    if rules.get("reporting_bands_seen"):
        notes.append(f"Reporting bands: {rules['reporting_bands_seen']}")
    notes.append("Converter: the set's banding (10 / 5-9 / under 5) follows an unofficial public reporting template "
                 "(source S22 of criteria_51_2025.json), not the decision.")
    for p in rules.get("province_completion_annex_III", []):
        notes.append(f"Province completion (Annex III) {p['id']}: {p['en']} (verified {verified_text(p['verified'])}; "
                     f"sources: {', '.join(p.get('src', []))}).")
    if rules.get("program_targets_2030"):
        notes.append(f"Programme targets 2030: {compact(rules['program_targets_2030'])}.")
    notes.append("Converter: indicator ids are the reference's descriptive ids (e.g. 'C3-income-growth'); the "
                 "official indicator numbers were not read.")
    out["banding"] = BANDING_2026
    out["sources"] = source_map(ref)
    out["notes"] = notes
    out["criteria"] = convert_criteria(ref, GROUP_KEYS, notes, with_groups=False)
    return out


# --------------------------------------------------------------------------------------------
# Kiểu mẫu (model-commune) sets from seed-sets/sets.json
# --------------------------------------------------------------------------------------------

# How the records of one seed set become a set. `criteria`: the criteria in order, each with the
# records (by criterion_no) that are its indicators, in order; `shapes`: each indicator's unit and
# rule (the record gives value, verified, source and text); `placeholder`: a criterion whose text
# was never read. `consumed`: the other records of the set, carried into notes or `requires`.
SEED_SETS = [
    {
        "id": "kieu-mau-2018-2020",
        "records": "QD691_2018_xa_kieu_mau",
        "decision": "691/QĐ-TTg",
        "decision_date": "2018-06-05",
        "decision_text": ("691/QĐ-TTg", "05/6/2018"),  # must appear in the record "meta" of the decision
        "years": (2018, 2020),
        "title_vi": "Tiêu chí xã nông thôn mới kiểu mẫu giai đoạn 2018-2020",
        "title_en": "Model new-rural communes, 2018-2020",
        "criteria_count": 4,
        "level": "kieu_mau",
        "aliases": ["691", "691/QĐ-TTg"],
        "requires_record": "pre",
        "criteria": [
            {"number": 1, "name_vi": "Sản xuất - thu nhập - hộ nghèo", "name_en": "Production, income and poor households",
             "records": ["I.1", "I.2", "I.3", "I.4"]},
            {"number": 2, "name_vi": "Giáo dục - y tế - văn hóa", "name_en": "Education, health and culture",
             "records": ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "II.7", "II.8", "II.9"]},
            {"number": 3, "placeholder": "III",
             "name_vi": "Nhóm tiêu chí III (chưa có nội dung trong nguồn)",
             "name_en": "Criteria group III (its text is not in any source read)"},
            {"number": 4, "placeholder": "IV",
             "name_vi": "Nhóm tiêu chí IV (chưa có nội dung trong nguồn)",
             "name_en": "Criteria group IV (its text is not in any source read)"},
        ],
        "shapes": {
            "I.1": ("bool", "achieved"),
            "I.2": ("count", "at_least"),
            "I.3": ("million_vnd_per_person_year", "at_least_times", ["income", "income_at_recognition"]),
            "I.4": ("count", "absent"),
            "II.1": ("percent", "at_least"),
            "II.2": ("percent", "at_least"),
            "II.3": ("percent", "at_least"),
            "II.4": ("percent", "at_least"),
            "II.5": ("bool", "achieved"),
            "II.6": ("percent", "at_least"),
            "II.7": ("percent", "at_least"),
            "II.8": ("percent", "at_least"),
            "II.9": ("count", "at_least"),
        },
        "consumed": ["meta", "pre", "field"],
    },
    {
        "id": "kieu-mau-2021-2025",
        "records": "QD319_2022_xa_kieu_mau",
        "decision": "319/QĐ-TTg",
        "decision_date": "2022-03-08",
        "years": (2021, 2025),
        "title_en": "Model new-rural communes, 2021-2025",
        "criteria_count": 4,
        "level": "kieu_mau",
        "aliases": ["319", "319/QĐ-TTg"],
        "requires_record": "1",
        "criteria": [
            {"number": 1, "name_en": "Meets the advanced new-rural (nâng cao) standard of 2021-2025", "records": ["1"]},
            {"number": 2, "name_en": "Income", "records": ["2"]},
            {"number": 3, "name_en": "Smart village", "records": ["3"]},
            {"number": 4, "name_en": "Outstanding field", "records": ["4"]},
        ],
        "shapes": {
            "1": ("bool", "achieved"),
            "2": ("million_vnd_per_person_year", "at_least_times", ["income", "nang_cao_income_level"]),
            "3": ("count", "at_least"),
            "4": ("count", "at_least"),
        },
        "consumed": [],
    },
]
SEED_RECORD_SETS = {s["records"]: s["id"] for s in SEED_SETS}
LEVELS = {"ntm", "nang_cao", "kieu_mau"}

# The converter's own sentences about single indicators (the why of a unit, rule or value).
SEED_INDICATOR_NOTES = {
    ("kieu-mau-2018-2020", "I.3"): (
        "Converter: rule at_least_times: met when the first component (the commune's income per person at the "
        "time of appraisal) is at least 1.5 times the second (its income per person when it was recognised as an "
        "NTM commune); either missing means not assessed. The office supplies both numbers: the threshold depends "
        "on the commune's own history, not on a table. 'cao hơn từ 1,5 lần' is read as at least 1.5 times, as the "
        "English source also says."
    ),
    ("kieu-mau-2018-2020", "I.4"): (
        "Converter: the number to supply is the count of poor households other than the exempt cases (bảo trợ xã "
        "hội, bất khả kháng, bệnh hiểm nghèo); met when 0."
    ),
    ("kieu-mau-2018-2020", "II.3"): (
        "Converter: only the 95% share is a threshold here; the second condition (the other 11-year-olds still "
        "attend primary school) is not, and must be checked apart (or the indicator given as a verdict)."
    ),
    ("kieu-mau-2018-2020", "II.9"): (
        "Converter: a condition on every thôn: the number to supply is the fewest art groups or clubs of any one "
        "thôn of the commune (each needs at least 1); a total for the commune does not show it."
    ),
    ("kieu-mau-2021-2025", "1"): (
        "Converter: the same condition is the set's `requires` (level nang_cao); it is also criterion 1 because "
        "319/QĐ-TTg lists it as its first condition. The 2021-2025 nâng cao set (318/QĐ-TTg, Phụ lục II) is not "
        "in the bundled data, so this indicator is judged from a yes/no verdict."
    ),
    ("kieu-mau-2021-2025", "2"): (
        "Converter: rule at_least_times: met when the first component (the commune's income per person at the "
        "time of appraisal) is at least 1.1 times the second (the income per person set for nâng cao communes at "
        "the same time: 'cao hơn từ 10% trở lên' = at least 110%); either missing means not assessed. The nâng "
        "cao income level is an input the office supplies: the 2021-2025 nâng cao table (318/QĐ-TTg, Phụ lục II) "
        "is not in the bundled data."
    ),
    ("kieu-mau-2021-2025", "3"): (
        "Converter: the number to supply is the count of smart-village models in the commune; what counts as one "
        "is set by the province (UBND tỉnh)."
    ),
    ("kieu-mau-2021-2025", "4"): (
        "Converter: the number to supply is the count of fields in which the commune meets the province's kiểu "
        "mẫu criteria; the province (UBND tỉnh) issues those criteria, which are not in the bundled data."
    ),
}


def sentence(text: str) -> str:
    """A reference note as a sentence: ends with a full stop (or another closing mark)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ".'", '."', ".)")) else text + "."


def name_key(name: str) -> str:
    """A set name as the core's bundled lookup compares it: case, accents, spaces and dashes ignored."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded.lower() if not unicodedata.combining(c) and not c.isspace() and c != "-")


def seed_source_ids(seed: dict) -> dict[str, str]:
    """URL -> source id of seed-sets/sets.json (the records cite URLs; the set cites ids)."""
    out: dict[str, str] = {}
    for sid, url in seed["sources"].items():
        if url in out:
            fail(f"seed-sets/sets.json: URL {url} has two source ids")
        out[url] = sid
    return out


def is_english_source(url: str) -> bool:
    """The reference's EN sources are the English editions of news sites (en.vietnamplus.vn, …)."""
    return urlparse(url).hostname.startswith("en.")


def seed_cell(rec: dict, rule: str, unit: str, src: str, where: str) -> tuple[dict, str | None]:
    """A record's threshold as a cell (with the converter's note on the conversion, if any)."""
    value, comparison, converter = rec["threshold"], rec["comparison"], None
    if rule == "achieved":
        if comparison != "dat" or value not in ("Đạt", "Có"):
            fail(f"{where}: expected comparison 'dat' and 'Đạt' or 'Có', got {comparison!r} {value!r}")
        if value == "Có":
            converter = ("Converter: the record's threshold 'Có' (there is one) is written as the verdict "
                         "'Đạt', the only value of an achieved rule.")
        value = "Đạt"
    elif rule == "absent":
        if comparison != "absent" or value != 0:
            fail(f"{where}: expected comparison 'absent' and 0, got {comparison!r} {value!r}")
        value = "Không"
    elif rule in ("at_least", "at_least_times"):
        if comparison != ">=" or not is_number(value) or value <= 0:
            fail(f"{where}: expected comparison '>=' and a positive number, got {comparison!r} {value!r}")
        if unit == "percent" and value > 100:
            fail(f"{where}: {value} is not a percentage")
        if unit == "count" and value != int(value):
            fail(f"{where}: {value} is not a count")
    else:
        fail(f"{where}: rule {rule} is not used by the seed sets")
    verified = rec["verified"]
    if verified not in RANK:
        fail(f"{where}: verified is {verified!r}")
    return ordered_cell({"value": value, "verified": verified, "sources": [src]}), converter


def seed_indicator(set_id: str, rec: dict, shape: tuple, ids: dict[str, str], where: str) -> dict:
    unit, rule = shape[0], shape[1]
    src = ids.get(rec["src"])
    if src is None:
        fail(f"{where}: source {rec['src']} is not in the sources of seed-sets/sets.json")
    english = is_english_source(rec["src"])
    cell, cell_note = seed_cell(rec, rule, unit, src, where)
    out: dict = {"id": rec["criterion_no"]}
    if english:
        out["desc_vi"] = rec["indicator"]
        out["desc_en"] = rec["quote"]
    else:
        out["desc_vi"] = rec["quote"]
    out["unit"] = unit
    out["rule"] = rule
    if len(shape) > 2:
        out["components"] = list(shape[2])
    out["text_verified"] = not english
    out["sources"] = [src]
    parts = []
    if english:
        parts.append(f"EN only: desc_en quotes the English-language source ({src}); desc_vi is the reference's "
                     "Vietnamese paraphrase of it, not the decision's wording, so text_verified is false.")
    if rec.get("note"):
        parts.append(f"Reference note: {sentence(rec['note'])}")
    parts.append(cell_note)
    parts.append(SEED_INDICATOR_NOTES.get((set_id, out["id"])))
    note = join(*parts)
    if note:
        out["note"] = note
    out["thresholds"] = {"all": cell}
    return out


def seed_record_text(rec: dict, ids: dict[str, str]) -> str:
    """A record carried into a note: what it says, its verified state, source and quote."""
    src = ids.get(rec["src"], rec["src"])
    return join(f"{rec['name_vi']}: {rec['indicator']}", f"= {rec['threshold']}" if rec.get("threshold") is not None
                else None, f"(verified {verified_text(rec['verified'])}; source {src}).",
                f"Quote: \"{rec['quote']}\"" if rec.get("quote") else None,
                f"Reference note: {sentence(rec['note'])}" if rec.get("note") else None)


def build_seed_set(spec: dict, seed: dict, ref318: dict, seed_ledger: list) -> dict:
    """One kiểu mẫu set from its records (see SEED_SETS); every record of the set goes to `seed_ledger`."""
    ids = seed_source_ids(seed)
    numbered = [(n, r) for n, r in enumerate(seed["records"], start=1) if r.get("set") == spec["records"]]
    by_no: dict[str, tuple[int, dict]] = {}
    metas: list[tuple[int, dict]] = []
    for n, r in numbered:
        if r["criterion_no"] == "meta":
            metas.append((n, r))
        elif r["criterion_no"] in by_no:
            fail(f"{spec['records']}: two records {r['criterion_no']!r}")
        else:
            by_no[r["criterion_no"]] = (n, r)
    placed = {no for c in spec["criteria"] for no in c.get("records", [])}
    placed |= {c["placeholder"] for c in spec["criteria"] if c.get("placeholder")}
    placed |= set(spec["consumed"]) | {spec["requires_record"]}
    unplaced = sorted(set(by_no) - placed)
    if unplaced:
        fail(f"{spec['records']}: records {unplaced} are not placed by SEED_SETS")
    missing = sorted((placed - {"meta"}) - set(by_no))
    if missing:
        fail(f"{spec['records']}: SEED_SETS names records {missing} that the reference does not have")

    def ledger(n: int, rec: dict, outcome: str) -> None:
        seed_ledger.append({"n": n, "rec": rec, "outcome": f"`{spec['id']}`: {outcome}"})

    sources: dict[str, str] = {}

    def cite(url: str) -> str:
        sid = ids.get(url)
        if sid is None:
            fail(f"{spec['records']}: source {url} is not in the sources of seed-sets/sets.json")
        sources[sid] = url
        return sid

    notes: list[str] = []
    out: dict = {
        "format": 1,
        "id": spec["id"],
        "decision": spec["decision"],
        "decision_date": spec["decision_date"],
        "valid_from": spec["years"][0],
        "valid_to": spec["years"][1],
    }
    # Title and date: 691 from its "meta" record; 319 from criteria_318_2022.json (it has no meta record).
    if spec["id"] == "kieu-mau-2018-2020":
        out["title_vi"], out["title_en"] = spec["title_vi"], spec["title_en"]
        for n, r in metas:
            cite(r["src"])
            if r["indicator"] == "decision number/date/signer":
                if not all(t in r["threshold"] for t in spec["decision_text"]) or r["verified"] is not True:
                    fail(f"{spec['records']}: the decision record says {r['threshold']!r}, verified {r['verified']!r}")
                ledger(n, r, "decision number and date (top level), signer in the notes")
            elif r["indicator"] == "number of criteria groups":
                if r["threshold"] != spec["criteria_count"]:
                    fail(f"{spec['records']}: {r['threshold']} groups, expected {spec['criteria_count']}")
                ledger(n, r, "the four groups are the four criteria (criteria_count 4)")
            else:
                fail(f"{spec['records']}: unexpected meta record {r['indicator']!r}")
            notes.append(f"{seed_record_text(r, ids)}")
        notes.append("Converter: each of the decision's four groups of criteria is one criterion here (criteria 1-4 "
                     "= groups I-IV), and the indicator ids keep the group numeral (I.1 … I.4, II.1 … II.9).")
    else:
        mm = ref318.get("model_set_kieu_mau") or fail("criteria_318_2022.json has no model_set_kieu_mau")
        decision = mm["decision"]
        if not decision.startswith(spec["decision"] + " (8/3/2022)") or mm.get("verified") is not True:
            fail(f"criteria_318_2022.json model_set_kieu_mau.decision is {decision!r}")
        title = decision.split("'")[1]
        out["title_vi"], out["title_en"] = title, spec["title_en"]
        for sid in mm["src"]:
            sources[sid] = ref318["sources"][sid]
        notes.append(f"Decision, date and title from criteria_318_2022.json (model_set_kieu_mau: \"{decision}\", "
                     f"verified true; sources {', '.join(mm['src'])}: 318, 319, 320 and 321/QĐ-TTg were signed "
                     "the same day). Source ids T8, T9 are those of that file.")
    out["criteria_count"] = len(spec["criteria"])
    out["dimension"] = "none"
    out["level"] = spec["level"]
    out["aliases"] = list(spec["aliases"])

    n_pre, pre = by_no[spec["requires_record"]]
    if pre["comparison"] != "dat" or pre["threshold"] != "Đạt" or "nâng cao" not in pre["quote"] + pre["indicator"]:
        fail(f"{spec['records']}: the precondition record is {pre!r}")
    pre_src = cite(pre["src"])
    req_note = [f"Reference: {pre['indicator']} (\"{pre['quote']}\")."]
    if pre.get("note"):
        req_note.append(f"Reference note: {sentence(pre['note'])}")
    if spec["id"] == "kieu-mau-2018-2020":
        req_note.append("Converter: no national nâng cao set existed for 2016-2020 in anything the reference read; "
                        "the nâng cao standards of 2018-2020 were provincial (seed-sets/NOTES.md §3), and none "
                        "is bundled.")
        ledger(n_pre, pre, "`requires` (level nang_cao, verified partial)")
    else:
        req_note.append("Converter: the 2021-2025 nâng cao set (318/QĐ-TTg, Phụ lục II) is NOT in the bundled data "
                        "(its indicator list was not found); whether a commune holds that level is an input. "
                        "The same condition is criterion 1.")
        ledger(n_pre, pre, "`requires` (level nang_cao, verified true) and criterion 1 (indicator 1)")
    out["requires"] = {"level": "nang_cao", "verified": pre["verified"], "sources": [pre_src],
                       "note": join(*req_note)}
    out["sources"] = sources
    out["notes"] = notes
    criteria = []
    for c in spec["criteria"]:
        crit: dict = {"number": c["number"]}
        if c.get("placeholder"):
            n, r = by_no[c["placeholder"]]
            if r["threshold"] is not None or r["verified"] is not False:
                fail(f"{spec['records']}: group {c['placeholder']} now has content: {r!r}")
            crit["name_vi"], crit["name_en"] = c["name_vi"], c["name_en"]
            crit["indicators"] = []
            ledger(n, r, f"criterion {c['number']} with a placeholder name and no indicators")
            criteria.append(crit)
            continue
        recs = [by_no[no] for no in c["records"]]
        names = {r["name_vi"] for _, r in recs}
        if c.get("name_vi"):
            if names != {c["name_vi"]}:
                fail(f"{spec['records']}: criterion {c['number']} records are named {sorted(names)}")
            crit["name_vi"] = c["name_vi"]
        else:
            if len(names) != 1:
                fail(f"{spec['records']}: criterion {c['number']} records are named {sorted(names)}")
            crit["name_vi"] = names.pop()
        crit["name_en"] = c["name_en"]
        srcs = []
        for _, r in recs:
            sid = cite(r["src"])
            if sid not in srcs:
                srcs.append(sid)
        crit["sources"] = srcs
        crit["indicators"] = []
        for n, r in recs:
            crit["indicators"].append(seed_indicator(spec["id"], r, spec["shapes"][r["criterion_no"]], ids,
                                                     f"{spec['records']} {r['criterion_no']}"))
            if r["criterion_no"] != spec["requires_record"]:
                ledger(n, r, f"criterion {c['number']}, indicator {r['criterion_no']}")
        criteria.append(crit)
    out["criteria"] = criteria

    # Set notes.
    if spec["id"] == "kieu-mau-2018-2020":
        _, r3 = by_no["III"]
        _, r4 = by_no["IV"]
        copies = sorted(sid for sid in ids.values() if sid.startswith("VNP691"))
        for sid in copies:
            sources[sid] = seed["sources"][sid]
        notes.append(
            f"Criteria 3 and 4 (groups III and IV): the text was cut off in every stored copy of the source "
            f"({', '.join(copies)}: both end at \"{r3['quote']}\"); their names, indicators and thresholds are "
            f"unknown, so the names are placeholders and the criteria have no indicators. Reference notes: "
            f"III: {sentence(r3['note'])} IV: {sentence(r4['note'])}"
        )
        notes.append(
            "Converter: while groups III and IV are unknown, a commune can never be 'met' on this set from the "
            "bundled data: criteria 3 and 4 have no indicators and no thresholds, so they can only be judged from "
            "a criterion-level verdict read in the decision itself."
        )
        notes.append(
            "Criterion 1 (group I): names and indicator texts were read in Vietnamese (VH691); the reference gives "
            "no English text for them, so desc_en is absent. Criterion 2 (group II): the indicator texts were read "
            "in English only (VNP691); the Vietnamese group name and indicator texts are the reference's "
            "paraphrase (text_verified false), and the exact Vietnamese wording (e.g. the age band of 'kindergarten') "
            "was not read. Converter: the English criterion names are the converter's translation."
        )
        n_f, field = by_no["field"]
        cite(field["src"])
        notes.append(f"Outstanding field (not a criterion here): {seed_record_text(field, ids)} Converter: the "
                     "reference cannot say how this choice combines with the four fixed groups, so it is not "
                     "modelled as a criterion.")
        ledger(n_f, field, "a note (not a criterion: how it combines with the four groups is not known)")
    else:
        notes.append(
            "The decision's four conditions are the four criteria here, one indicator each (ids 1-4). The "
            "reference calls this set complete: its thresholds are relative (criterion 2, against the nâng cao "
            "income level) or set by the province (criteria 3 and 4: what a smart village is, and the kiểu mẫu "
            "criteria of each field). Converter: the English criterion names are the converter's translation; the "
            "Vietnamese texts are quoted from the sources (the reference gives no English text)."
        )
        notes.append(
            "Converter: the 2021-2025 nâng cao set (318/QĐ-TTg, Phụ lục II) is not in the bundled data, so "
            "criterion 1 and the nâng cao income level of criterion 2 are inputs the office supplies."
        )
        qn = ids.get(seed["sources"].get("QN319", ""))
        if qn is None or "baoquangnam 124590" not in by_no["2"][1].get("note", ""):
            fail(f"{spec['records']}: the second source of 319 (QN319, baoquangnam 124590) is gone")
        sources[qn] = seed["sources"][qn]
        notes.append(
            f"The reference names a second source for the four conditions, {qn} (baoquangnam 124590: seed-sets/"
            "NOTES.md §2 and the note of the income record); the records themselves cite LN319, so the cells do too."
        )
    return out


# --------------------------------------------------------------------------------------------
# Checks of the written sets: the Rust core's loader, and NFC (which the loader does not check)
# --------------------------------------------------------------------------------------------

# Run by the interpreter that has the binding: loads each set with the core, prints
# {name: the core's refusal} for the sets it refuses.
CORE_LOAD = """
import json, sys
import ntm_criteria
refused = {}
for name, text in json.load(sys.stdin).items():
    try:
        ntm_criteria.CriteriaSet.from_json(text, name)
    except ntm_criteria.NtmError as e:
        refused[name] = str(e)
print(json.dumps(refused))
"""


def core_python() -> str:
    """An interpreter that can import the core's binding: this one, or the project's .venv."""
    for exe in (Path(sys.executable), ROOT / ".venv" / "bin" / "python"):
        if exe.exists() and subprocess.run([str(exe), "-c", "import ntm_criteria"], cwd=ROOT,
                                           capture_output=True).returncode == 0:
            return str(exe)
    fail("the sets are checked by the Rust core through its Python binding, and neither this interpreter "
         f"({sys.executable}) nor {ROOT / '.venv' / 'bin' / 'python'} can import ntm_criteria: "
         "run `make python-install` first")


def core_check(texts: dict[str, bytes]) -> None:
    """Load every set with the core (CriteriaSet::from_json_str); fail with what it refuses."""
    run = subprocess.run([core_python(), "-c", CORE_LOAD], cwd=ROOT, capture_output=True,
                         input=json.dumps({name: data.decode("utf-8") for name, data in texts.items()}).encode())
    if run.returncode != 0:
        fail(f"loading the sets with the core failed:\n{run.stderr.decode(errors='replace')}")
    refused = json.loads(run.stdout)
    if refused:
        fail("the core refuses the sets:\n" + "\n".join(refused.values()))


def check_nfc(obj, where: str, problems: list) -> None:
    if isinstance(obj, str):
        if not unicodedata.is_normalized("NFC", obj):
            problems.append(f"{where}: not NFC")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_nfc(k, where, problems)
            check_nfc(v, f"{where}.{k}", problems)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_nfc(v, f"{where}[{i}]", problems)


# --------------------------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------------------------


def assessment_keys(s: dict) -> list[str]:
    return {"region": REGIONS, "commune_group": GROUP_KEYS, "none": ["all"]}[s["dimension"]]


def cell_state(ind: dict, key: str) -> str:
    """'true' / 'partial' / 'false' for a known cell, 'unknown' otherwise.

    Known: a value (both parts of a pair) or a structured detail. A missing cell, a null value or a
    half-known pair is unknown.
    """
    cell = ind["thresholds"].get(key)
    if cell is None:
        return "unknown"
    v = cell.get("value")
    known = (v is not None and not (isinstance(v, list) and None in v)) or bool(cell.get("detail"))
    return verified_text(cell["verified"]) if known else "unknown"


def coverage(s: dict, keys: list[str] | None = None) -> dict:
    keys = keys or assessment_keys(s)
    inds = [i for c in s["criteria"] for i in c["indicators"]]
    counts = {"true": 0, "partial": 0, "false": 0, "unknown": 0}
    numeric_known = numeric = 0
    by_state: dict[str, list[str]] = {k: [] for k in counts}
    for ind in inds:
        for key in keys:
            st = cell_state(ind, key)
            counts[st] += 1
            by_state[st].append(ind["id"] if len(keys) == 1 else f"{ind['id']} {key}")
            if ind["rule"] in NUMERIC_RULES:
                numeric += 1
                numeric_known += st != "unknown"
    return {"indicators": len(inds), "cells": len(inds) * len(keys), **counts, "numeric_known": numeric_known,
            "numeric": numeric, "by_state": by_state}


def coverage_markdown(sets: list[dict]) -> str:
    lines = [
        "Counted over the assessment keys (the 7 regions, the 3 commune groups, or the one key `all` of a set",
        "without a dimension): one cell per indicator and key; the informative `national` column is counted",
        "separately. A cell is *known* when it has a value (both parts of a two-part value) or a structured",
        "`detail`; a missing cell, a `null` value or a half-known pair is *unknown*. Known cells are split by their",
        "`verified` state. A criterion with no indicators has no cells at all (it is listed below the tables).",
        "",
        "| set | decision | criteria | indicators | cells | verified true | partial | false (unsourced) | unknown "
        "| numeric thresholds known |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sets:
        cv = coverage(s)
        lines.append(f"| `{s['id']}` | {s['decision']} | {s['criteria_count']} | {cv['indicators']} | {cv['cells']} "
                     f"| {cv['true']} | {cv['partial']} | {cv['false']} | {cv['unknown']} "
                     f"| {cv['numeric_known']} / {cv['numeric']} |")
    def one_key(title: str, header: str, key: str) -> None:
        """A table of the region sets' cells for one key."""
        lines.extend(["", title, "", header, "|---|---|---|---|---|---|"])
        for s in sets:
            if s["dimension"] == "region":
                cv = coverage(s, [key])
                lines.append(f"| `{s['id']}` | {cv['cells']} | {cv['true']} | {cv['partial']} | {cv['false']} "
                             f"| {cv['unknown']} |")

    one_key("National column (`chỉ tiêu chung`, informative only, never used to assess):",
            "| set | cells | verified true | partial | false | unknown |", "national")
    one_key("NMM (Trung du miền núi phía Bắc: Lạng Sơn's region; under 318/QĐ-TTg also the values of every "
            "ĐBKK/ATK commune):",
            "| set | NMM cells | verified true | partial | false (unsourced) | unknown |", "NMM")
    def by_state(s: dict, keys: list[str], title: str) -> None:
        cv = coverage(s, keys)
        lines.extend(["", title, ""])
        for st, label in (("true", "verified true"), ("partial", "partial"), ("false", "false (unsourced)"),
                          ("unknown", "unknown")):
            ids = cv["by_state"][st]
            lines.append(f"- {label} ({len(ids)}): {', '.join(ids) if ids else '—'}")
        empty = [str(c["number"]) for c in s["criteria"] if not c["indicators"]]
        if empty:
            lines.append(f"- criteria with no indicators, so no cells ({len(empty)}): {', '.join(empty)}")

    for s in sets:
        if s["id"] == "2016-2020":
            by_state(s, ["NMM"], f"`{s['id']}` NMM cells by state:")
    for s in sets:
        if s["dimension"] == "none":
            by_state(s, ["all"], f"`{s['id']}` ({s['decision']}, one key `all`) cells by state:")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def amendments_line(sets: list[dict]) -> str:
    """The provenance bullet on `amendments` (from the generated sets, so it follows the reference)."""
    parts = []
    for s in sets:
        for a in s.get("amendments", []):
            year = a["date"][:4]
            parts.append(f"`{s['id']}` carries the {a['decision']} amendment of {a['date']} (verified "
                         f"{verified_text(a['verified'])}, source `{', '.join(a['sources'])}`, from "
                         f"`criteria/{AMENDMENTS_FILE}`): which targets it changed is not in the reference, so every "
                         f"threshold of the set whose cell is not for a year on or after {year} may be superseded "
                         "(reported as possibly superseded, never silently trusted)")
    if not parts:
        fail("no set carries an amendment; the README line on amendments would be empty")
    return "- " + "; ".join(parts) + "."


def readme(ref_dir: Path, sets: list[dict], ledger: list, seed_ledger: list) -> str:
    crit = ref_dir / "criteria"
    f = {name: sha256(crit / name) for name in
         ("criteria_1980_2016.json", "criteria_318_2022.json", "criteria_51_2025.json", "verified_additions.json",
          AMENDMENTS_FILE)}
    f["seed-sets/sets.json"] = sha256(ref_dir / "seed-sets" / "sets.json")
    f["province_regions.csv"] = sha256(ref_dir / "province_regions.csv")
    f["provinces_2025.csv"] = sha256(ref_dir / "provinces_2025.csv")
    out = [
        "# Bundled data of `ntm-criteria`",
        "",
        "**Generated — do not edit by hand.** Every file in this directory but one, this README included, is",
        "written by `tools/build_catalogs.py` from the shared reference research (`../shared/reference/` beside",
        "the repository). The exception is `place_aliases.csv`: other spellings of regions and provinces, kept",
        "by hand, each row with the page where the spelling was seen (or `orthographic` when it is formed by",
        "the rule of a seen one), checked by a unit test of `src/region.rs`.",
        "",
        "```sh",
        "python3 tools/build_catalogs.py [REFERENCE_DIR]   # regenerate (REFERENCE_DIR defaults to ../shared/reference)",
        "python3 tools/build_catalogs.py --no-core-check   # the same, without loading the sets with the installed core",
        "python3 tools/check_catalogs.py [REFERENCE_DIR]   # rebuild into a temp dir, diff, print coverage (exit 1 on a difference)",
        "```",
        "",
        "## Where every file came from",
        "",
        "| file | made from (reference file, SHA-256) | how |",
        "|---|---|---|",
        f"| `sets/2016-2020.json` | `criteria/criteria_1980_2016.json` (`{f['criteria_1980_2016.json'][:16]}…`) and "
        f"`criteria/verified_additions.json` (`{f['verified_additions.json'][:16]}…`), records of set `1980/QĐ-TTg` "
        "| converted to `docs/set-format.md`; Decision 1980/QĐ-TTg, 19 criteria, by region |",
        f"| `sets/2021-2025.json` | `criteria/criteria_318_2022.json` (`{f['criteria_318_2022.json'][:16]}…`) and "
        "`criteria/verified_additions.json`, records of set `318/QĐ-TTg NTM`; `amendments` from "
        f"`criteria/{AMENDMENTS_FILE}` (`{f[AMENDMENTS_FILE][:16]}…`) | converted; Decision 318/QĐ-TTg, xã "
        "NTM table only, 19 criteria, by region, ĐBKK/ATK communes use NMM |",
        f"| `sets/2026-2030.json` | `criteria/criteria_51_2025.json` (`{f['criteria_51_2025.json'][:16]}…`) "
        "| converted; Decision 51/2025/QĐ-TTg, 10 criteria, by commune group G1/G2/G3 |",
        f"| `sets/kieu-mau-2018-2020.json` | `seed-sets/sets.json` (`{f['seed-sets/sets.json'][:16]}…`), records of "
        "set `QD691_2018_xa_kieu_mau` | converted; Decision 691/QĐ-TTg, xã NTM kiểu mẫu 2018-2020: its four groups "
        "as 4 criteria, groups III and IV unknown (no indicators), no dimension |",
        f"| `sets/kieu-mau-2021-2025.json` | `seed-sets/sets.json`, records of set `QD319_2022_xa_kieu_mau`; title and "
        "date from `criteria/criteria_318_2022.json` | converted; Decision 319/QĐ-TTg, xã NTM kiểu mẫu 2021-2025: "
        "its four conditions as 4 criteria, no dimension |",
        f"| `province_regions.csv` | `province_regions.csv` (`{f['province_regions.csv'][:16]}…`) "
        "| byte-identical copy (GSO grouping of the 63 provinces into the 7 regions) |",
        f"| `provinces_2025.csv` | `provinces_2025.csv` (`{f['provinces_2025.csv'][:16]}…`) "
        "| byte-identical copy (the 34 provincial units since 1/7/2025, each with the provinces it was formed from and its sources; read by `src/units2025.rs`) |",
        "| `README.md` | all of the above | generated |",
        "",
        "Full SHA-256 of the inputs used: " + "; ".join(f"`{k}` {v}" for k, v in f.items()) + ".",
        "",
        "## Provenance in the set files",
        "",
        "- Every threshold cell keeps the reference's `value`, its `verified` state (`true`: a cited source states",
        "  the value; `\"partial\"`: consistent with the sources but not stated for that cell; `false`: unsourced,",
        "  never official), its source ids (reference `src` → `sources`) and its `note`.",
        "- Source ids (`S1`, `T1`, …) resolve to URLs or citations in each set's top-level `sources` map, copied",
        "  from the reference file. Ids `A1`, `A2`, … (per set) are the URLs of the `verified_additions.json`",
        "  records applied to that set; the cell note names the record (1-based position in that file).",
        "- A reference `null` is never filled in: the cell is left out, or kept as `\"value\": null` when the",
        "  reference cell has a note or sources. The 17.1 water pair keeps `null` for an unknown part.",
        "- Structured requirements (318/QĐ-TTg 5 schools and 14.1 education) are `achieved` rules whose cells",
        "  keep the reference object verbatim (compact JSON) in `detail`; they are assessed from a verdict.",
        "- What the format has no key for (criterion notes, `text_verified: \"partial\"`, the 2026-2030",
        "  `name_verified`/`placement_verified` flags, rules, commune-group definitions) is kept in the set's",
        "  `notes` or the indicator's `note`; sentences that are the converter's own start with \"Converter:\".",
        "- 2026-2030 has a `banding` (10 / 5-9 / under 5) taken from an unofficial reporting template (S22 of",
        "  `criteria_51_2025.json`); the other sets use the library default.",
        "- Every set has a `level` (the recognition level meeting it earns: `ntm`, or `kieu_mau` for the two",
        "  model-commune sets) and `aliases` (the names a user may type for it besides its id). The kiểu mẫu sets",
        "  have `requires` (level `nang_cao`, with its own `verified` state, sources and note): no nâng cao set is",
        "  bundled, so holding that level is an input.",
        "- The kiểu mẫu sets have no dimension (`\"dimension\": \"none\"`, one cell key `all`). Source ids are",
        "  those of `seed-sets/sets.json` (`VH691`, `LN319`, …; `T8`, `T9` of `criteria_318_2022.json` for 319).",
        "  An indicator read only in an English-language source has `text_verified: false`, its English quote as",
        "  `desc_en` and the reference's Vietnamese paraphrase as `desc_vi` (\"EN only\" in its note). Relative",
        "  thresholds (691 I.3, 319 criterion 2) use the rule `at_least_times` with two `components`; the cell",
        "  holds the multiple (1.5, 1.1).",
        amendments_line(sets),
        "",
        "## `verified_additions.json`: what happened to each record",
        "",
        "Applied: sets `1980/QĐ-TTg` and `318/QĐ-TTg NTM`, status `verified` (→ `true`) or `partial`, where the",
        "record fills an unknown cell, disagrees with the main file or raises its verification (a verified `true`",
        "cell is never lowered). A record that agrees with a cell at the same or a lower level only adds its URL as",
        "a corroborating source (*corroborates*).",
        "",
        "| # | set | indicator | region | status | outcome | details |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in sorted(ledger, key=lambda e: e["n"]):
        r = e["rec"]
        if e["outcome"] in ("applied", "corroborates"):
            detail = f"`{e['set_id']}` {e['source_id']}: {'; '.join(e['actions'])}"
        else:
            detail = e["reason"]
        detail = detail.replace("|", "\\|").replace("\n", " ")
        out.append(f"| {e['n']} | {r.get('set')} | {r.get('indicator_id')} | {r.get('region')} | {r.get('status')} "
                   f"| {e['outcome']} | {detail} |")
    out += [
        "",
        "## `seed-sets/sets.json`: what happened to each record",
        "",
        "Only the records of the two national kiểu mẫu sets are converted; every record of those sets is placed",
        "exactly once (the build stops otherwise).",
        "",
        "| # | set | criterion_no | verified | outcome |",
        "|---|---|---|---|---|",
    ]
    for e in sorted(seed_ledger, key=lambda e: e["n"]):
        r = e["rec"]
        v = verified_text(r["verified"]) if r.get("verified") in RANK else str(r.get("verified"))
        out.append(f"| {e['n']} | {r.get('set')} | {r.get('criterion_no')} | {v} | {e['outcome'].replace('|', chr(92) + '|')} |")
    out += ["", "## Coverage", "", coverage_markdown(sets).rstrip("\n"), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Build and write
# --------------------------------------------------------------------------------------------


def strip_internal(obj):
    if isinstance(obj, dict):
        return {k: strip_internal(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, list):
        return [strip_internal(v) for v in obj]
    return obj


def dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build(ref_dir: Path, core: bool = True) -> tuple[dict[str, bytes], list[dict], list[dict]]:
    """Return ({relative output path: bytes}, the set documents, the additions ledger).

    `core`: load every set with the Rust core before returning (``--no-core-check`` turns it off).
    """
    crit = ref_dir / "criteria"

    def load(name: str):
        with open(crit / name, encoding="utf-8") as fh:
            return json.load(fh)

    refs = {spec["id"]: load(spec["file"]) for spec in SETS}
    later = load(AMENDMENTS_FILE)
    if not isinstance(later, list):
        fail(f"{AMENDMENTS_FILE} is not a list")
    amending = amendment_records(later)
    for n, rec in amending:
        if not any(str(rec.get("set", "")).startswith(spec["decision"] + " ") and spec.get("amendments")
                   for spec in SETS):
            fail(f"{AMENDMENTS_FILE} record #{n} amends {rec.get('set')!r}, a set that expects no amendment")
    additions = load("verified_additions.json")
    if not isinstance(additions, list):
        fail("verified_additions.json is not a list")
    records = list(enumerate(additions, start=1))
    ledger: list[dict] = []
    candidates = []
    for n, rec in records:
        why = skipped_reason(rec)
        if why:
            ledger.append({"n": n, "rec": rec, "set_id": None, "outcome": "skipped", "reason": why})
        else:
            candidates.append((n, rec))

    sets = []
    for spec in SETS:
        ref = refs[spec["id"]]
        if spec["dimension"] == "region":
            s = build_region_set(spec, ref, refs["2016-2020"], candidates, ledger)
        else:
            s = build_51(spec, ref)
        s = add_amendments(s, spec, amending)
        if s["criteria_count"] != spec["criteria_count"]:
            fail(f"{spec['id']}: {s['criteria_count']} criteria, expected {spec['criteria_count']}")
        # Skipped records that concern this set's decision are listed in its notes as well.
        for e in ledger:
            if e["outcome"] == "skipped" and str(e["rec"].get("set", "")).startswith(spec["decision"].split("/")[0] + "/"):
                s["notes"].append(f"Converter: verified_additions.json record {record_label(e['n'], e['rec'])} "
                                  f"skipped: {e['reason'].rstrip('.')}.")
        s["sources"] = dict(sorted(s["sources"].items(), key=lambda kv: natural_key(kv[0])))
        s = strip_internal(s)
        problems: list[str] = []
        check_nfc(s, s["id"], problems)
        if problems:
            fail("text not in NFC:\n  " + "\n  ".join(problems))
        sets.append(s)
    if len(ledger) != len(additions):
        fail(f"ledger has {len(ledger)} entries for {len(additions)} records")

    with open(ref_dir / "seed-sets" / "sets.json", encoding="utf-8") as fh:
        seed = json.load(fh)
    seed_ledger: list[dict] = []
    for spec in SEED_SETS:
        s = build_seed_set(spec, seed, refs["2021-2025"], seed_ledger)
        if s["criteria_count"] != spec["criteria_count"] or len(s["criteria"]) != spec["criteria_count"]:
            fail(f"{spec['id']}: {s['criteria_count']} criteria, expected {spec['criteria_count']}")
        s["sources"] = dict(sorted(s["sources"].items(), key=lambda kv: natural_key(kv[0])))
        problems = []
        check_nfc(s, s["id"], problems)
        if problems:
            fail("text not in NFC:\n  " + "\n  ".join(problems))
        sets.append(s)
    for n, rec in enumerate(seed["records"], start=1):
        if rec.get("set") not in SEED_RECORD_SETS:
            seed_ledger.append({"n": n, "rec": rec, "outcome": "not bundled (not a national kiểu mẫu set)"})
    if sorted(e["n"] for e in seed_ledger) != list(range(1, len(seed["records"]) + 1)):
        fail("seed-sets/sets.json: not every record has exactly one outcome")
    for s in sets:
        if s["level"] not in LEVELS or ("requires" in s and s["requires"]["level"] not in LEVELS):
            fail(f"{s['id']}: unknown level")
    aliases = [name_key(a) for s in sets for a in [s["id"], *s["aliases"]]]
    if len(set(aliases)) != len(aliases):
        fail(f"set ids and aliases are not unique once case, accents, spaces and dashes are ignored: {aliases}")

    files = {f"sets/{s['id']}.json": dump(s) for s in sets}
    if core:
        core_check(files)
    files["province_regions.csv"] = (ref_dir / "province_regions.csv").read_bytes()
    files["provinces_2025.csv"] = (ref_dir / "provinces_2025.csv").read_bytes()
    files["README.md"] = readme(ref_dir, sets, ledger, seed_ledger).encode("utf-8")
    return files, sets, ledger


def write(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    written = []
    for name, data in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference_dir", nargs="?", type=Path, default=DEFAULT_REF,
                    help="the shared reference directory (default: ../shared/reference beside the repository)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: crates/ntm-criteria/data)")
    ap.add_argument("--no-core-check", action="store_true",
                    help="do not load the sets with the Rust core (while the installed core does not yet accept "
                         "a new field or rule); the output is the same")
    args = ap.parse_args(argv)
    ref_dir = args.reference_dir.resolve()
    if not (ref_dir / "criteria").is_dir():
        print(f"error: {ref_dir} has no criteria/ directory", file=sys.stderr)
        return 2
    try:
        files, _, _ = build(ref_dir, core=not args.no_core_check)
    except ReferenceError_ as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for path in write(files, args.out.resolve()):
        try:
            shown = path.relative_to(ROOT)
        except ValueError:
            shown = path
        print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
