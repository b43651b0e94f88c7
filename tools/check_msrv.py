"""Checks the declared `rust-version` of the workspace against what we can verify here.

Only one Rust toolchain can be installed on our machines, so the minimum version is not verified
by compiling with it. What is checked instead (`make package-check`):

1. every crate the core builds with (normal dependencies, default features, as locked in
   Cargo.lock) declares a `rust-version`, or none; the highest of them is a floor: cargo refuses
   an older toolchain for that crate;
2. the declared `rust-version` is not below that floor, nor below 1.88, the release that made
   `let` chains stable in edition 2024, which the core uses.

The declared version equals the highest floor: claiming an older one could not be true, claiming
a newer one is not needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import List, Tuple

LANGUAGE_FLOOR = ((1, 88), "let chains (edition 2024)")


def version(v: str) -> Tuple[int, int]:
    parts = [int(x) for x in v.split(".")]
    return parts[0], parts[1]


def main() -> int:
    meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--locked"], check=True, capture_output=True, text=True).stdout)
    tree = subprocess.run(
        ["cargo", "tree", "--locked", "-p", "ntm-criteria", "-e", "normal", "--prefix", "none", "-f", "{p}"],
        check=True, capture_output=True, text=True,
    ).stdout
    used = {line.split()[0] for line in tree.splitlines() if line.strip()}
    floors: List[Tuple[Tuple[int, int], str]] = [LANGUAGE_FLOOR]
    declared = None
    for p in meta["packages"]:
        if p["name"] == "ntm-criteria":
            declared = version(p["rust_version"])
        elif p["name"] in used and p.get("rust_version"):
            floors.append((version(p["rust_version"]), f"{p['name']} {p['version']}"))
    floor, why = max(floors)
    if declared is None:
        print("ntm-criteria declares no rust-version", file=sys.stderr)
        return 1
    if declared != floor:
        print(f"rust-version is {declared[0]}.{declared[1]}, but the verifiable floor is {floor[0]}.{floor[1]} ({why})", file=sys.stderr)
        return 1
    print(f"rust-version {declared[0]}.{declared[1]}: the highest floor, set by {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
