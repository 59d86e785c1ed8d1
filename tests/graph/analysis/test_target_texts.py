"""What an SDG target is matched on: its title, the titles of the UN indicators that measure it
(read from the KOS through ``sdg_indicators.rq``) and, for the targets ITU-D answers for, the
reason, worded as the custodian indicator's UN metadata words it."""

from __future__ import annotations

from graph.analysis.frames import Frames, load_frames
from graph.analysis.scopes import ITU_D_TARGETS
from graph.analysis.suggestions import OFF_SCOPE_FACTOR, link_objects, relevance, suggest_links
from graph.namespaces import SDG, mint
from tests.graph.text.factory import indicator, make_frames, question, target

MONEY = question("2022-2025/Q1-1", "Mobile money accounts for adults", "SG1")
T_8_10 = target(
    "8.10",
    "Strengthen the capacity of domestic financial institutions to encourage and expand access to "
    "banking, insurance and financial services for all",
)
I_8_10_2 = indicator(
    "8.10.2",
    "Proportion of adults (15 years and older) with an account at a bank or other financial institution "
    "or with a mobile-money-service provider",
)


def test_indicators_measure_their_targets_each_under_its_own_code(frames: Frames) -> None:
    ind = frames.indicators
    assert all(n.startswith(code_of(t) + ".") for t, n in zip(ind["target"], ind["notation"], strict=True))
    row = ind[ind["target"] == str(SDG["9.c"])].iloc[0]
    assert "mobile network" in row["label_en"] and row["label_fr"].startswith("Proportion de la population")
    # one indicator measures three targets (disaster losses): a row for each, with that target's code
    repeated = ind[ind["indicator"] == str(SDG["C200303"])]
    assert sorted(repeated["notation"]) == ["1.5.1", "11.5.1", "13.1.1"]
    assert not ind.duplicated(["indicator", "target"]).any()


def code_of(target_iri: str) -> str:
    return target_iri.rsplit("/", 1)[-1]


def test_a_target_is_matched_on_its_indicators_in_english_and_french(frames: Frames) -> None:
    objects = link_objects(frames).set_index("code")
    assert "Fixed Internet broadband subscriptions" in objects.loc["17.6", "text"]
    assert "haut débit" in objects.loc["17.6", "text_fr"]
    # the target's own title stays what a suggestion shows
    assert objects.loc["17.6", "label"].startswith("Enhance North-South")


def test_a_text_meeting_only_what_a_target_measures_is_suggested_it() -> None:
    with_indicator = suggest_links(make_frames([MONEY], targets=[T_8_10], indicators=[I_8_10_2]), threshold=0.01)
    assert list(with_indicator["code"]) == ["8.10"]
    assert "mobile money accounts" in with_indicator["evidence"].iloc[0]
    assert suggest_links(make_frames([MONEY], targets=[T_8_10]), threshold=0.01).empty


def test_the_9c_reason_names_its_custodian_indicator_technologies_as_its_metadata_does() -> None:
    assert "broadband (3G)" in ITU_D_TARGETS["9.c"]


def _bundled_evidence(store, resolution: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Target or line code -> the evidence of its suggestion for the bundled ``resolution``."""
    found = suggest_links(load_frames(store))
    element = str(mint("resolution", resolution))
    rows = found[[element in elements for elements in found["elements"]]]
    return dict(zip(rows["code"], rows["evidence"], strict=True))


def test_bundled_connectivity_to_broadband_networks_is_suggested_9c(bundled_store) -> None:  # type: ignore[no-untyped-def]
    assert "broadband" in _bundled_evidence(bundled_store, "PP-203")["9.c"]


def test_bundled_confidence_and_security_in_the_use_of_icts_is_suggested_16a(bundled_store) -> None:  # type: ignore[no-untyped-def]
    # 16.a's words ("national institutions ... to prevent violence and combat terrorism and crime")
    # share none with PP Res. 130's title; ITU-D's reason for the target names its cybersecurity work
    assert "confidence security" in _bundled_evidence(bundled_store, "PP-130")["16.a"]


def test_technology_alone_does_not_make_a_target_about_ict() -> None:
    transfer = target("17.7", "Promote the transfer and diffusion of environmentally sound technologies")
    fuels = target("7.1", "Ensure universal access to affordable, reliable and modern energy services")
    clean = indicator("7.1.2", "Proportion of population with primary reliance on clean fuels and technology")
    ict = target("2.a", "Investment in information and communications technology for rural areas")
    frames = make_frames([], targets=[transfer, fuels, ict], indicators=[clean])
    weights = dict(zip(link_objects(frames)["code"], relevance(link_objects(frames)), strict=True))
    assert weights == {"17.7": OFF_SCOPE_FACTOR, "7.1": OFF_SCOPE_FACTOR, "2.a": 1.0}
