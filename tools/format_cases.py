#!/usr/bin/env python3
"""Writes tests/bad_input/cases.json in its hand-made layout: one case per block, one problem per
line, so that a change to one expectation is a one-line diff.

Usage: python3 tools/format_cases.py            # reformat in place
       python3 tools/format_cases.py --check    # exit 1 when the file is not in this layout
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

PATH = Path(__file__).resolve().parent.parent / "tests" / "bad_input" / "cases.json"


def one_line(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))


def expect(e: Dict[str, Any]) -> str:
    probs = e.get("problems")
    head = {k: v for k, v in e.items() if k != "problems"}
    if probs is None:
        return one_line(head)
    inner = one_line(head)[:-1]
    if not probs:
        return inner + ', "problems": []}'
    lines = ",\n".join("        " + one_line(p) for p in probs)
    return inner + ', "problems": [\n' + lines + "\n      ]}"


def case(c: Dict[str, Any]) -> str:
    fields: List[str] = []
    for k, v in c.items():
        if k == "expect":
            fields.append(f'      "expect": {expect(v)}')
        else:
            fields.append(f"      {json.dumps(k)}: {one_line(v)}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


def render(doc: Dict[str, Any]) -> str:
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = [f"  {json.dumps(k)}: {one_line(v)}," for k, v in head.items()]
    return "{\n" + "\n".join(lines) + '\n  "cases": [\n' + ",\n".join(case(c) for c in doc["cases"]) + "\n  ]\n}\n"


def main() -> int:
    text = PATH.read_text(encoding="utf-8")
    out = render(json.loads(text))
    if "--check" in sys.argv:
        return 0 if out == text else 1
    PATH.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
