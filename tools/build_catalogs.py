#!/usr/bin/env python3
"""Build the bundled criteria sets of crates/ntm-criteria/data/ from the reference research.

Usage: python3 tools/build_catalogs.py [REFERENCE_DIR] [--out DIR] [--check]

REFERENCE_DIR defaults to ../shared/reference (beside the repository). The output is the set
format of docs/set-format.md. Rules (the project's first principle: correct to the record):

- every cell keeps the reference's value, `verified` state (true / "partial" / false), source
  ids and note; a reference `null` stays unknown (no cell), it is never filled in;
- records of verified_additions.json with status "verified" or "partial" for the sets
  "1980/QĐ-TTg" and "318/QĐ-TTg NTM" are applied where they fill an unknown cell, disagree
  with the main file, or raise its verification; every other record is listed in the set's
  notes with the reason it was not applied;
- `--check` rebuilds into memory and exits 1 if the committed files differ.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "ntm-criteria" / "data"
REGIONS = ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]
VERIFIED = {"verified": True, "partial": "partial"}

RULES = {
    ">=": "at_least",
    "gte": "at_least",
    "<=": "at_most",
    "lte": "at_most",
    "dat": "achieved",
    "absent": "absent",
    "dat_province_defined": "province_defined",
    ">= both": "at_least_both",
    ">= structured": "achieved",
}
UNITS = {
    "bool": "bool",
    "%": "percent",
    "% (two sub-thresholds)": "percent",
    "million VND/person/year": "million_vnd_per_person_year",
    "m2/person": "m2_per_person",
    "bool (structured)": "bool",
    "% (by standard level; depends on number of schools)": "bool",
}


def compact(v) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))


def num(v):
    """An int-valued float stays an int in the JSON, for readable files."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def convert_cell(cell: dict, rule: str, structured: bool) -> dict | None:
    value = cell.get("value")
    out: dict = {}
    if isinstance(value, dict) and rule == "at_least_both":
        pair = [num(value.get("hygienic_min_pct")), num(value.get("clean_min_pct"))]
        if pair == [None, None]:
            value = None
        else:
            out["value"] = pair
    elif isinstance(value, dict):
        # A structured requirement (318 C5 schools, 14.1 education): kept verbatim, verdict-assessed.
        out["detail"] = compact(value)
        if rule in ("achieved", "province_defined") and not structured:
            out["value"] = "Đạt"
    elif value is None:
        pass
    elif rule in ("achieved", "province_defined"):
        if value != "Đạt":
            raise ValueError(f"unexpected verdict value {value!r}")
        out["value"] = "Đạt"
    elif rule == "absent":
        if value != "Không":
            raise ValueError(f"unexpected absent value {value!r}")
        out["value"] = "Không"
    else:
        out["value"] = num(value)
    if "value" not in out and "detail" not in out and not cell.get("note") and not cell.get("src"):
        return None  # unknown and nothing to keep
    if "value" not in out and rule not in ("achieved", "province_defined", "absent") and "detail" not in out:
        out["value"] = None
    v = cell.get("verified")
    out["verified"] = v if v in (True, False, "partial") else False
    if cell.get("src"):
        out["sources"] = list(cell["src"])
    if cell.get("note"):
        out["note"] = cell["note"]
    order = ["value", "verified", "sources", "note", "year", "detail"]
    return {k: out[k] for k in order if k in out}


def convert_indicator(ind: dict, keys: list[str], thresholds_key: str) -> dict:
    comparison = ind["comparison"]
    rule = RULES[comparison]
    unit = UNITS.get(ind.get("unit"), None)
    if unit is None:
        raise ValueError(f"indicator {ind['id']}: unknown unit {ind.get('unit')!r}")
    structured = comparison == ">= structured" or ind.get("unit") == "bool (structured)"
    out: dict = {"id": ind["id"]}
    for lang in ("vi", "en"):
        text = ind.get(f"desc_{lang}") or ind.get(f"description_{lang}")
        if text:  # a missing description stays missing
            out[f"desc_{lang}"] = text
    out["unit"] = unit
    out["rule"] = rule
    if rule == "at_least_both":
        out["components"] = ["hygienic", "clean"]
    out["text_verified"] = bool(ind.get("text_verified", ind.get("name_verified", False)))
    if ind.get("existence_uncertain"):
        out["existence_uncertain"] = True
    if ind.get("src"):
        out["sources"] = list(ind["src"])
    notes = [n for n in (ind.get("notes"), ind.get("note")) if n]
    if structured:
        notes.append(
            "The official requirement is structured (see each cell's detail); this library assesses it from "
            "the agency's yes/no verdict."
        )
    if ind.get("year_dependent"):
        notes.append("The threshold rises year by year; the table holds the end-of-period target.")
    if notes:
        out["note"] = " ".join(notes)
    thresholds = {}
    for key in keys:
        cell = (ind.get(thresholds_key) or {}).get(key)
        if cell is None:
            continue
        c = convert_cell(cell, rule, structured)
        if c is not None:
            thresholds[key] = c
    out["thresholds"] = thresholds
    return out


def expand_ids(raw: str) -> list[str] | None:
    """'6.1/6.2' → both; '17.3-17.5' → 17.3, 17.4, 17.5; ids with words → None (not applicable)."""
    raw = raw.strip()
    if "/" in raw:
        return [p.strip() for p in raw.split("/")]
    if "-" in raw and all(p.replace(".", "").isdigit() for p in raw.split("-")):
        a, b = raw.split("-")
        head, lo = a.rsplit(".", 1)
        _, hi = b.rsplit(".", 1)
        return [f"{head}.{i}" for i in range(int(lo), int(hi) + 1)]
    if raw.replace(".", "").isdigit():
        return [raw]
    return None


RANK = {True: 2, "partial": 1, False: 0}


def apply_additions(set_out: dict, additions: list, set_name: str, notes: list[str]) -> None:
    by_id = {i["id"]: i for c in set_out["criteria"] for i in c["indicators"]}
    n = 0
    for rec in additions:
        if rec.get("set") != set_name:
            continue
        where = f"{rec.get('indicator_id')} {rec.get('region')}"
        status = rec.get("status")
        if status not in VERIFIED:
            notes.append(f"verified_additions record {where} not applied: status {status!r} is not national/final.")
            continue
        ids = expand_ids(str(rec.get("indicator_id", "")))
        value = rec.get("value")
        if ids is None or any(i not in by_id for i in ids) or rec.get("region") not in ["national"] + REGIONS:
            notes.append(f"verified_additions record {where} not applied: it does not name one indicator and region "
                         f"of this set (value {compact(value)}).")
            continue
        for iid in ids:
            ind = by_id[iid]
            rule = ind["rule"]
            cell: dict = {}
            if rule == "at_least_both" and isinstance(value, dict) and {"hygienic_min_pct", "clean_min_pct"} <= set(value):
                cell["value"] = [num(value["hygienic_min_pct"]), num(value["clean_min_pct"])]
            elif rule in ("achieved", "province_defined") and value == "Đạt":
                cell["value"] = "Đạt"
            elif rule in ("achieved", "province_defined") and isinstance(value, dict) and value.get("dat") is True:
                cell["value"] = "Đạt"
                cell["detail"] = compact({k: v for k, v in value.items() if k != "dat"})
            elif rule == "absent" and value == "Không":
                cell["value"] = "Không"
            elif rule in ("at_least", "at_most") and isinstance(value, (int, float)):
                cell["value"] = num(value)
            else:
                notes.append(f"verified_additions record {where} not applied: value {compact(value)} does not fit "
                             f"indicator {iid}'s rule {rule}.")
                continue
            new_v = VERIFIED[status]
            old = ind["thresholds"].get(rec["region"])
            if old is not None and old.get("value") == cell["value"] and RANK[old["verified"]] >= RANK[new_v]:
                continue  # agrees, and is already as well verified
            if old is not None and old.get("value") == cell["value"] and RANK[old["verified"]] > RANK[new_v]:
                continue
            if old is not None and RANK[old["verified"]] == 2 and new_v != True and old.get("value") is not None:
                notes.append(f"verified_additions record {where} not applied: the main file's verified value "
                             f"{compact(old.get('value'))} is kept over the record's partial {compact(value)}.")
                continue
            n += 1
            sid = f"A{n}"
            set_out["sources"][sid] = rec.get("url", "")
            cell["verified"] = new_v
            cell["sources"] = [sid]
            text = [rec.get("paraphrase") or ""]
            if rec.get("applies_to"):
                text.append(f"Applies to: {rec['applies_to']}.")
            if rec.get("note"):
                text.append(rec["note"])
            if rec.get("conflict"):
                text.append(f"Conflict: {rec['conflict']}")
            if old is not None and old.get("value") is not None and old.get("value") != cell["value"]:
                text.append(f"Replaces the main reference value {compact(old.get('value'))}.")
            cell["note"] = " ".join(t for t in text if t)
            if rec.get("year"):
                cell["year"] = rec["year"]
            order = ["value", "verified", "sources", "note", "year", "detail"]
            ind["thresholds"][rec["region"]] = {k: cell[k] for k in order if k in cell}
    set_out["sources"] = dict(sorted(set_out["sources"].items(), key=lambda kv: (kv[0][0], int(kv[0][1:]) if kv[0][1:].isdigit() else 0, kv[0])))


GROUP_EN = {}


def build_region_set(ref: dict, additions: list, *, id_: str, set_name: str, years: tuple[int, int],
                     extra: dict) -> dict:
    notes: list[str] = []
    for k in ("status_note", "groups_note", "region_codes_note"):
        if ref.get(k):
            notes.append(ref[k])
    for r in ref.get("rules", []):
        notes.append(r["rule"] + (f" (verified: {r.get('verified')}; sources: {', '.join(map(str, r.get('src', [])))})"))
    groups = []
    for g in ref["groups"]:
        en = g.get("en") or GROUP_EN.get(g["id"])
        if not g.get("en"):
            notes.append(f"The English name of group {g['id']} is taken from the 1980/QĐ-TTg file (same group).")
        groups.append({"id": g["id"], "name_vi": g["vi"], "name_en": en, "criteria": g["criteria"]})
    out = {
        "format": 1,
        "id": id_,
        "decision": ref["set_id"],
        "decision_date": ref["issued"],
        "effective": ref.get("effective"),
        "valid_from": years[0],
        "valid_to": years[1],
        "title_vi": ref["title_vi"],
        "title_en": ref["title_en"],
        "criteria_count": len(ref["criteria"]),
        "dimension": "region",
        **extra,
        "groups": groups,
        "sources": {k: (v if isinstance(v, str) else compact(v)) for k, v in ref["sources"].items()},
        "notes": notes,
        "criteria": [],
    }
    keys = ["national"] + REGIONS
    for c in ref["criteria"]:
        crit = {
            "number": c["number"],
            "group": c.get("group"),
            "name_vi": c["name_vi"],
            "name_en": c["name_en"],
            "sources": list(c.get("name_src", [])),
            "indicators": [convert_indicator(i, keys, "thresholds") for i in c["indicators"]],
        }
        out["criteria"].append(crit)
    apply_additions(out, additions, set_name, notes)
    return out


def build_51(ref: dict) -> dict:
    notes = [ref["status_note"], ref["regions_note"], ref.get("commune_groups_precedence_note", ""),
             ref.get("draft_warning", ""), ref.get("replaces_note", "")]
    for g in ref["commune_groups"]:
        notes.append(f"{g['code']} ({g['vi']}): {g['definition_en']} (sources: {', '.join(g.get('src', []))}).")
    rules = ref.get("rules", {})
    if rules.get("commune_recognition"):
        notes.append(rules["commune_recognition"])
    notes.append("The default banding (10 / 5-9 / under 5) follows an unofficial public reporting template "
                 "(source S22 of the reference file), not the decision.")
    for c in ref["criteria"]:
        if not c.get("indicators_complete"):
            notes.append(f"Criterion {c['number']}: the indicator list is incomplete in the reference "
                         f"({len(c['indicators'])} found); assess it from criterion-level data.")
    out = {
        "format": 1,
        "id": "2026-2030",
        "decision": ref["set_id"],
        "decision_date": ref["issued"],
        "effective": ref.get("effective"),
        "valid_from": 2026,
        "valid_to": 2030,
        "title_vi": ref["title_vi"],
        "title_en": ref["title_en"],
        "criteria_count": len(ref["criteria"]),
        "dimension": "commune_group",
        "banding": [
            {"lo": 10, "hi": 10, "label_vi": "10", "label_en": "all 10"},
            {"lo": 5, "hi": 9, "label_vi": "5-9", "label_en": "5-9"},
            {"lo": 0, "hi": 4, "label_vi": "dưới 5", "label_en": "fewer than 5"},
        ],
        "sources": {k: (v if isinstance(v, str) else compact(v)) for k, v in ref["sources"].items()},
        "notes": [n for n in notes if n],
        "criteria": [],
    }
    for c in ref["criteria"]:
        out["criteria"].append({
            "number": c["number"],
            "group": None,
            "name_vi": c["name_vi"],
            "name_en": c["name_en"],
            "sources": list(c.get("name_src", [])),
            "indicators": [convert_indicator(i, ["G1", "G2", "G3"], "thresholds_by_commune_group")
                           for i in c["indicators"]],
        })
    return out


def clean(d):
    if isinstance(d, dict):
        return {k: clean(v) for k, v in d.items() if not (k in ("effective",) and v is None)}
    if isinstance(d, list):
        return [clean(v) for v in d]
    return d


def dump(d: dict) -> str:
    return json.dumps(clean(d), ensure_ascii=False, indent=1) + "\n"


def build(ref_dir: Path) -> dict[str, str]:
    crit = ref_dir / "criteria"
    r1980 = json.loads((crit / "criteria_1980_2016.json").read_text(encoding="utf-8"))
    r318 = json.loads((crit / "criteria_318_2022.json").read_text(encoding="utf-8"))
    r51 = json.loads((crit / "criteria_51_2025.json").read_text(encoding="utf-8"))
    additions = json.loads((crit / "verified_additions.json").read_text(encoding="utf-8"))
    for g in r1980["groups"]:
        GROUP_EN[g["id"]] = g.get("en")
    s1980 = build_region_set(r1980, additions, id_="2016-2020", set_name="1980/QĐ-TTg", years=(2016, 2020), extra={})
    s318 = build_region_set(r318, additions, id_="2021-2025", set_name="318/QĐ-TTg NTM", years=(2021, 2025),
                            extra={"disadvantaged_uses": "NMM"})
    skipped = [r for r in additions if r.get("set") not in ("1980/QĐ-TTg", "318/QĐ-TTg NTM")]
    for r in skipped:
        s318["notes"].append(
            f"verified_additions record for {r.get('set')} {r.get('indicator_id')} {r.get('region')} "
            f"({r.get('status')}) not applied: that set is not bundled."
        ) if "318" in str(r.get("set")) else s1980["notes"].append(
            f"verified_additions record for {r.get('set')} {r.get('indicator_id')} not applied: that set is not bundled."
        )
    s51 = build_51(r51)
    return {
        "sets/2016-2020.json": dump(s1980),
        "sets/2021-2025.json": dump(s318),
        "sets/2026-2030.json": dump(s51),
        "province_regions.csv": (ref_dir / "province_regions.csv").read_text(encoding="utf-8"),
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    ref_dir = Path(args[0]) if args else ROOT.parent / "shared" / "reference"
    out_dir = OUT
    if "--out" in argv:
        out_dir = Path(argv[argv.index("--out") + 1])
        args = [a for a in args if a != str(out_dir)]
    files = build(ref_dir)
    if "--check" in argv:
        bad = [name for name, text in files.items() if (out_dir / name).read_text(encoding="utf-8") != text]
        for name in bad:
            print(f"out of date: {out_dir / name}")
        return 1 if bad else 0
    for name, text in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.chmod(0o644)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
