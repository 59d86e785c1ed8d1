"""Filters and scopes on the fixture graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analysis.filters import Filters, apply, narrowed
from graph.analysis.frames import Frames, short_id
from graph.analysis.scopes import ITU_D_TARGETS, resolve_scope
from graph.errors import BadInput, DataError, ItudAlignError
from graph.namespaces import SDG


def _ids(frames: Frames) -> set[str]:
    return {short_id(e) for e in frames.elements["element"]}


def test_matrix_lead_scope_is_the_matrix_targets_of_c2_c5_c6(frames: Frames) -> None:
    # Matrix: C2 -> 9.c, 9.1; C5 -> 16.2; C6 -> 17.6 (and goal 9, not a target); C7.4, C8 not lead
    assert set(resolve_scope(frames, "matrix-lead")) == {str(SDG[c]) for c in ("9.c", "9.1", "16.2", "17.6")}


def test_the_default_scope_is_the_itu_d_list(frames: Frames) -> None:
    # every target of the list is an SDG target, each with its reason, and the default reads it
    assert set(resolve_scope(frames)) == {str(SDG[c]) for c in ITU_D_TARGETS}
    assert all(reason for reason in ITU_D_TARGETS.values())
    assert {"9.c", "17.6", "17.8", "4.4", "5.b", "16.2", "16.a"} <= set(ITU_D_TARGETS)
    assert not {"2.a", "7.1", "7.a", "7.b", "8.1"} & set(ITU_D_TARGETS)


def test_other_scopes(frames: Frames, tmp_path: Path) -> None:
    assert len(resolve_scope(frames, "all")) == 169
    assert len(resolve_scope(frames, "goal:9")) == 8  # 9.1-9.5, 9.a-9.c
    assert len(resolve_scope(frames, "goal:9,17")) == 8 + 19
    listed = tmp_path / "scope.txt"
    listed.write_text("# my targets\n9.c\n\n17.8  # trade\n", encoding="utf-8")
    assert resolve_scope(frames, f"file:{listed}") == [str(SDG["9.c"]), str(SDG["17.8"])]
    listed.write_text("9.c\n9.z\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        resolve_scope(frames, f"file:{listed}")
    assert err.value.line == 2 and "9.z" in str(err.value) and str(listed) in str(err.value)
    with pytest.raises(BadInput, match="unknown SDG goal '18'"):
        resolve_scope(frames, "goal:18")
    with pytest.raises(BadInput, match=r"unknown scope 'everything'\. Fix: use one of itu-d, matrix-lead, all"):
        resolve_scope(frames, "everything")


def test_period_filter_accepts_period_or_cycle(frames: Frames) -> None:
    by_period = apply(frames, Filters(period="2022-2025"))
    by_cycle = apply(frames, Filters(period="WTDC-22"))
    # 17 elements less the WTDC-17 ones (2018-2021/Q1-1, 2018-2021/AFR1, BAAP-O2); the
    # 2023-2025 initiatives belong to WTDC-22, BDT-TP04 and PP-139 to no cycle and stay
    assert _ids(by_period) == _ids(by_cycle)
    assert len(by_period.elements) == 14
    assert {"2018-2021/Q1-1", "2018-2021/AFR1", "BAAP-O2"}.isdisjoint(_ids(by_period))
    assert {"2023-2025/AFR1", "BDT-TP04", "PP-139"} <= _ids(by_period)
    # links follow their elements: none of 2018-2021/Q1-1's 5 links is left
    assert not by_period.links["element"].map(short_id).eq("2018-2021/Q1-1").any()
    assert len(frames.elements) == 17  # the input is unchanged
    with pytest.raises(ItudAlignError, match="unknown period"):
        apply(frames, Filters(period="1999-2001"))


def test_region_study_group_priority_and_link_filters(frames: Frames) -> None:
    # region: that region's initiatives, and the 5 priorities kept as the reference
    assert _ids(apply(frames, Filters(region="AFR"))) == {
        "2018-2021/AFR1",
        "2023-2025/AFR1",
        "KAP-P1",
        "KAP-P4",
        "KAP-P5",
        "BAAP-O2",
        "BDT-TP04",
    }
    sg2 = _ids(apply(frames, Filters(study_group="2")))
    assert {e for e in sg2 if "/Q" in e} == {"2022-2025/Q3-2", "2022-2025/Q5-2"}
    # priority: the elements filed under it, and the priority itself
    assert _ids(apply(frames, Filters(priority="KAP-P5"))) == {"KAP-P5", "2022-2025/Q3-2", "2023-2025/AMS1"}
    verified = apply(frames, Filters(status="verified"))
    assert len(verified.elements) == 17 and len(verified.links) == 3  # 2 declared + 1 Resolution pair
    official = apply(frames, Filters(justification="semapv:ManualMappingCuration"))
    assert set(official.links["justification"]) == {"manual curation"}
    assert len(official.links) == 31  # 35 less the 3 official-document and 1 suggested rows
    with pytest.raises(ItudAlignError, match="unknown justification"):
        apply(frames, Filters(justification="astrology"))


def test_a_narrowed_view_names_each_filter_once() -> None:
    # a region gap under a region filter holds under that region once, not "region=AFR; region=AFR"
    where = f"scope=itu-lead; {Filters(region='AFR').describe()}"
    assert narrowed(where, "region=AFR") == "scope=itu-lead; region=AFR"
    assert narrowed(where, "region=AMS") == "scope=itu-lead; region=AFR; region=AMS"
    assert narrowed(f"scope=itu-lead; {Filters().describe()}", "region=AFR") == "scope=itu-lead; region=AFR"
    assert narrowed("scope=itu-lead; none") == "scope=itu-lead; none"
