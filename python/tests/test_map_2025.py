"""The map since 1/7/2025 (34 provincial units) and the set in force on a date."""

from __future__ import annotations

import datetime

import pytest

import ntm_criteria as ntm


def test_provinces_by_date() -> None:
    assert len(ntm.provinces()) == 63
    assert len(ntm.provinces(as_of="2025-06-30")) == 63
    now = ntm.provinces(as_of=datetime.date(2026, 12, 2))
    assert len(now) == 34
    by_name = {name: region for _, name, region in now}
    assert by_name["Lâm Đồng"] is None and by_name["Tuyên Quang"] == ntm.region_of("NMM")


def test_the_same_name_by_date() -> None:
    assert ntm.region_of("Lâm Đồng").code == "CH"  # no date: the 63 provinces, as before
    assert ntm.region_of("Lâm Đồng", as_of="2025-06-30").code == "CH"
    with pytest.raises(ntm.AmbiguousRegionError) as e:
        ntm.region_of("Lâm Đồng", as_of="2026-03-01")
    assert e.value.unit == "Lâm Đồng" and "Bình Thuận (Duyên hải Nam Trung Bộ)" in str(e.value)
    assert isinstance(e.value, ntm.NtmError) and isinstance(e.value, ValueError)
    assert ntm.region_of("Bình Thuận", as_of="2026-03-01").code == "SCC"
    assert ntm.region_of("Hà Giang", as_of="2026-03-01").code == "NMM"  # a former province
    with pytest.raises(ntm.InvalidValueError, match="YYYY-MM-DD"):
        ntm.region_of("Lâm Đồng", as_of="1/3/2026")


def test_the_set_in_force() -> None:
    assert ntm.CriteriaSet.in_force("2017-06-30").id == "2016-2020"
    assert ntm.CriteriaSet.in_force(datetime.date(2023, 5, 1)).id == "2021-2025"
    assert ntm.CriteriaSet.in_force("2026-03-01").decision == "51/2025/QĐ-TTg"
    with pytest.raises(ntm.UnknownSetError, match="the earliest is 2016-2020"):
        ntm.CriteriaSet.in_force("2015-01-01")
