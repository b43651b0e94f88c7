"""Write communes_2026_synthetic.csv: SYNTHETIC criterion-level data for the 2026-2030 set.

    python3 examples/data/make_2026_synthetic.py

Python 3 standard library only, fixed seed, byte-for-byte deterministic. The province names are
real units of the map since 1/7/2025 (../shared/reference/provinces_2025.csv); the communes
(codes, names), their commune groups and every criterion status are made up here. See README.md.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

SEED = 20260101
OUT = Path(__file__).resolve().parent / "communes_2026_synthetic.csv"

# Names as in provinces_2025.csv (without its "(TP)" suffix), five synthetic communes each.
# Tuyên Quang (Hà Giang + Tuyên Quang), Lào Cai (Yên Bái + Lào Cai), Lâm Đồng (Đắk Nông + Bình
# Thuận + Lâm Đồng), Gia Lai (Bình Định + Gia Lai) and Vĩnh Long (Bến Tre + Trà Vinh + Vĩnh Long)
# were formed by mergers; Nghệ An is unchanged.
PROVINCES = ["Tuyên Quang", "Lào Cai", "Nghệ An", "Gia Lai", "Lâm Đồng", "Vĩnh Long"]
PER_PROVINCE = 5
CRITERIA = 10
GROUPS = ["G1", "G2", "G3"]

HEADER_COMMENTS = [
    "# SYNTHETIC data, not real: criterion-level statuses of the 2026-2030 set (51/2025/QĐ-TTg, 10 criteria) for 30 made-up communes.",
    f"# Written by examples/data/make_2026_synthetic.py (seed {SEED}). Only the province names are real (the 34 units since 1/7/2025); codes, commune names, commune_group and c1..c10 are invented.",
]


def main() -> None:
    rng = random.Random(SEED)
    buf = io.StringIO()
    buf.write("\n".join(HEADER_COMMENTS) + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "province", "commune_group"] + [f"c{k}" for k in range(1, CRITERIA + 1)])
    n = 0
    for province in PROVINCES:
        for _ in range(PER_PROVINCE):
            n += 1
            group = rng.choice(GROUPS)
            # A commune's overall progress, then each criterion met with that probability; a few
            # cells are left empty (not assessed).
            progress = rng.choice([1.0, 1.0, 0.9, 0.8, 0.7, 0.5])
            cells = []
            for _ in range(CRITERIA):
                r = rng.random()
                if r < 0.04:
                    cells.append("")
                elif r < progress:
                    cells.append("Đạt")
                else:
                    cells.append("Không đạt")
            w.writerow([f"SYN{n:02d}", f"Xã giả lập {n:02d}", province, group] + cells)
    OUT.write_text(buf.getvalue(), encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
