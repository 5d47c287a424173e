"""The sector vocabulary (data/sectors/): every definition works on its data, every name has a reading.

Each dataset is loaded once. ``sectors.assign`` raises when an ``exact`` member's code is missing from a
flow that has data, or when a ``published_label`` differs; whether it raises depends only on the distinct
(flow, code, label) items of the frame it is given. So each definition is tried on the items of every
period the data have (each month of MOF, each year of the annual Census tables) and of every calendar year:
a frame of any year, fiscal year or month passes if these do. Identical item sets are tried once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import sectors

#: The partners each dataset is checked on: the claim's partner and the world.
PARTNERS = {"mof": ("USA", "WLD"), "census-enduse": ("JPN", "WLD"), "census-hs": ("JPN",)}
#: The datasets claims decompose (``claims.reading_data.SOURCES[...].by_sector``); census-hs is not one of them.
CLAIM_DATASETS = {"mof", "census-enduse"}
DEFINITIONS = list(sectors.definitions()["id"])
NAMES = list(dict.fromkeys(sectors.vocabulary()["name"]))


@pytest.fixture(scope="module")
def frames() -> dict[tuple[str, str], pd.DataFrame]:
    return {(d, p): tb.load(d, partner=p) for d, partners in PARTNERS.items() for p in partners}


@pytest.fixture(scope="module")
def item_sets(frames) -> dict[tuple[str, str], list[pd.DataFrame]]:
    """For each dataset and partner, the distinct item sets of its periods and calendar years."""
    out = {}
    for key, frame in frames.items():
        item = frame["flow"].astype(str) + "\x1f" + frame["code"].astype(str) + "\x1f" + frame["label"].astype(str)
        found = set(item.groupby(frame["period"]).agg(frozenset)) | set(
            item.groupby(frame["period"].dt.year).agg(frozenset)
        )
        out[key] = [
            pd.DataFrame([i.split("\x1f") for i in sorted(s)], columns=["flow", "code", "label"]) for s in found
        ]
    return out


@pytest.fixture(scope="module")
def items(frames) -> dict[str, list[list[tuple[str, str, str, str]]]]:
    """For each dataset, the distinct (flow, code, label, parent) items of each partner's whole frame."""
    out: dict[str, list] = {}
    for (dataset, _), frame in frames.items():
        rows = frame[["flow", "code", "label", "parent"]].drop_duplicates(["flow", "code"]).astype(object)
        out.setdefault(dataset, []).append([tuple(r) for r in rows.itertuples(index=False)])
    return out


# --- the tables ------------------------------------------------------------------------------------------


def test_tables_are_consistent():
    defs = sectors.definitions()
    vocab = sectors.vocabulary()
    assert defs["id"].is_unique
    assert set(defs["dataset"]) <= set(PARTNERS)
    assert set(defs["kind"]) <= {"partition", "subset"}
    assert not vocab.duplicated(["name", "definition"]).any()
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in NAMES), "names are lowercase-hyphenated"
    for d in DEFINITIONS:
        definition = sectors.get(d)
        assert len(definition.members), d
        assert set(definition.members["match"]) <= {"exact", "prefix"}, d
        assert set(definition.members["flow"]) <= {"export", "import"}, d
        if definition.kind == "subset":
            # Claims read the first sector of a definition: a subset has exactly one.
            assert definition.members["sector"].nunique() == 1, d
        assert definition.title and definition.description, d


def test_existing_definitions_and_vocabulary_rows_are_kept():
    assert DEFINITIONS[:9] == [
        "mof-sections",
        "mof-narrow",
        "mof-broad",
        "mof-vehicles",
        "census-enduse-principal",
        "census-enduse-3",
        "census-enduse-300",
        "census-enduse-301",
        "census-enduse-302",
    ]
    head = sectors.vocabulary().head(11)
    assert list(zip(head["name"], head["definition"], head["role"], strict=True)) == [
        ("automotive", "mof-narrow", "reading"),
        ("automotive", "mof-broad", "bound"),
        ("automotive", "census-enduse-3", "reading"),
        ("automotive", "mof-vehicles", "sub-group"),
        ("automotive", "census-enduse-300", "sub-group"),
        ("automotive", "census-enduse-301", "sub-group"),
        ("automotive", "census-enduse-302", "sub-group"),
        ("auto-tariff", "census-enduse-3", "reading"),
        ("auto-tariff", "census-enduse-300", "sub-group"),
        ("auto-tariff", "mof-narrow", "reading"),
        ("auto-tariff", "mof-vehicles", "sub-group"),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_name_has_a_reading_claims_can_use(name):
    pairs = sectors.readings_of(name)
    assert all(role in sectors.ROLES for _, role in pairs)
    readings = [d for d, role in pairs if role == "reading"]
    assert readings, f"{name} has no reading"
    # A name read only on census-hs would leave a claim with no reading: claims decompose MOF and end-use data.
    assert any(sectors.get(d).dataset in CLAIM_DATASETS for d in readings), name


def test_every_subset_definition_is_named_in_the_vocabulary():
    named = set(sectors.vocabulary()["definition"])
    subsets = [d for d in DEFINITIONS if sectors.get(d).kind == "subset"]
    assert [d for d in subsets if d not in named] == []


# --- each definition on its data -----------------------------------------------------------------------


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_assign_works_on_every_period_of_its_data(definition, item_sets):
    d = sectors.get(definition)
    sets = [s for (dataset, _), found in item_sets.items() if dataset == d.dataset for s in found]
    assert sets
    # What assign checks depends only on the flows present and the items its members reach: try each
    # distinct combination once.
    members = list(zip(d.members["flow"], d.members["code"], strict=True))
    tried = set()
    for items in sets:
        rows = list(items.itertuples(index=False, name=None))
        reached = frozenset(r for r in rows if any(r[0] == f and r[1].startswith(c) for f, c in members))
        key = (frozenset(r[0] for r in rows), reached)
        if key in tried:
            continue
        tried.add(key)
        assigned = sectors.assign(items, d)
        assert len(assigned) == len(items)


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_members_match_the_data_and_count_nothing_twice(definition, items):
    d = sectors.get(definition)
    for found in items[d.dataset]:
        chosen: set[tuple[str, str]] = set()
        for m in d.members.itertuples(index=False):
            hit = {
                (flow, code, label)
                for flow, code, label, _ in found
                if flow == m.flow and (code.startswith(m.code) if m.match == "prefix" else code == m.code)
            }
            if m.match == "prefix" and d.dataset == "mof":
                # A MOF prefix stands for one code (an exact member that may be absent in some months): it
                # must reach no nested item, and the label it stands for is named in sector_label.
                assert {c for _, c, _ in hit} == {m.code}, (definition, m.code, hit)
                assert all(label in m.sector_label for _, _, label in hit), (definition, m.code, hit)
            pairs = {(flow, code) for flow, code, _ in hit}
            assert not pairs & chosen, f"{definition}: members overlap on {pairs & chosen}"
            chosen |= pairs
        # No item together with one of its ancestors (MOF nests 乗用車 in 自動車 in 輸送用機器).
        parent = {(flow, code): up for flow, code, _, up in found}
        for flow, code in chosen:
            up = parent.get((flow, code))
            while isinstance(up, str) and (flow, up) in parent:
                assert (flow, up) not in chosen, f"{definition}: {code} and its ancestor {up} both counted"
                up = parent[(flow, up)]


def test_assign_does_not_raise_for_a_flow_without_members_or_data(frames):
    """One-flow definitions: an import-only definition on a year with exports only, and the reverse."""
    enduse = frames[("census-enduse", "JPN")]
    exports_only = enduse[enduse["period"].dt.year == 2013]  # end-use exports 2013-2022, imports 2016-2025
    imports_only = enduse[enduse["period"].dt.year == 2024]
    assert set(exports_only["flow"]) == {"export"} and set(imports_only["flow"]) == {"import"}
    assert tb.decompose(exports_only, 2013, "census-enduse-motorcycles").iloc[0]["exports"] == 0
    assert tb.decompose(imports_only, 2024, "census-enduse-rice").iloc[0]["imports"] == 0
    # MOF 1988 has no 30301 (crude oil) row from the USA: the prefix member leaves it at zero, no error.
    mof = frames[("mof", "USA")]
    assert tb.decompose(mof, 1988, "mof-crude-oil").iloc[0]["imports"] == 0
    assert tb.decompose(mof, "FY1987", "mof-ships").iloc[0]["exports"] == 0


# --- hand-checked figures ----------------------------------------------------------------------------------

# name, definition, dataset, partner, year, flow, codes, the figure (currency units) read off the raw data.
# MOF files are in thousand yen (so × 1000), twelve monthly values a year; Census end-use and HS are in
# dollars, one annual value per code.
HAND_CHECKED = [
    (
        "vehicles",
        "census-enduse-vehicles",
        "census-enduse",
        "JPN",
        2017,
        "import",
        ("30000", "30100"),
        39_855_578_150 + 619_690_311,
    ),  # passenger cars + trucks, buses (U.S. imports from Japan)
    ("passenger-cars", "mof-passenger-cars", "mof", "USA", 2017, "export", ("7050301",), 4_479_214_990 * 1000),
    ("trucks-and-buses", "mof-trucks-and-buses", "mof", "USA", 2017, "export", ("7050303",), 85_304_074 * 1000),
    ("auto-parts", "mof-auto-parts", "mof", "USA", 2017, "export", ("70505",), 961_376_498 * 1000),
    ("agriculture-and-food", "mof-food", "mof", "USA", 2017, "import", ("0+1",), 1_438_785_119 * 1000),
    ("meat", "mof-meat", "mof", "USA", 2017, "import", ("003",), 408_845_253 * 1000),
    ("grains", "mof-grains", "mof", "USA", 2017, "import", ("009",), 403_940_065 * 1000),
    ("rice", "census-enduse-rice", "census-enduse", "JPN", 2017, "export", ("00010",), 209_267_200),
    ("soybeans", "mof-soybeans", "mof", "USA", 2017, "import", ("20307",), 124_164_993 * 1000),
    ("corn", "census-enduse-corn", "census-enduse", "JPN", 2017, "export", ("00200",), 2_177_662_343),
    ("wheat", "census-enduse-wheat", "census-enduse", "JPN", 2017, "export", ("00000",), 715_416_903),
    ("energy", "mof-fuels", "mof", "USA", 2017, "import", ("3",), 689_587_567 * 1000),
    ("lng", "mof-lng", "mof", "USA", 2017, "import", ("3050103",), 63_828_555 * 1000),
    ("lpg", "mof-lpg", "mof", "USA", 2017, "import", ("3050101",), 343_444_691 * 1000),
    ("coal", "mof-coal", "mof", "USA", 2017, "import", ("30101",), 129_250_496 * 1000),
    ("crude-oil", "mof-crude-oil", "mof", "USA", 2017, "import", ("30301",), 64_335_391 * 1000),
    (
        "aircraft",
        "census-enduse-aircraft",
        "census-enduse",
        "JPN",
        2017,
        "export",
        ("22000", "22090"),
        0 + 5_723_880_746,
    ),  # civilian aircraft (nil) + civilian aircraft, engines, equipment and parts
    ("semiconductors", "mof-semiconductors", "mof", "USA", 2017, "export", ("70323",), 248_629_630 * 1000),
    (
        "semiconductor-equipment",
        "mof-semiconductor-equipment",
        "mof",
        "USA",
        2017,
        "export",
        ("70131",),
        287_866_124 * 1000,
    ),
    ("pharmaceuticals", "mof-pharmaceuticals", "mof", "USA", 2017, "import", ("507",), 413_328_148 * 1000),
    ("machinery", "mof-machinery", "mof", "USA", 2017, "export", ("701",), 3_399_050_775 * 1000),
    ("electrical-machinery", "mof-electrical-machinery", "mof", "USA", 2017, "export", ("703",), 2_066_723_180 * 1000),
    (
        "iron-and-steel",
        "census-enduse-iron-and-steel",
        "census-enduse",
        "JPN",
        2017,
        "import",
        ("14100", "15000", "15100"),
        983_526_540 + 487_414_280 + 961_178_519,
    ),  # mill products + n.e.c. + advanced
    (
        "chemicals",
        "hs-28-38",
        "census-hs",
        "JPN",
        2022,
        "export",
        tuple(str(c) for c in range(28, 39)),
        1_237_781_350
        + 3_262_702_379
        + 6_532_410_898
        + 123_549_036
        + 194_049_207
        + 414_692_969
        + 221_387_740
        + 302_848_683
        + 34_444_422
        + 113_446_636
        + 2_128_233_634,
    ),  # HS 28, 29, …, 38
    ("optical-and-medical", "mof-optical-and-medical", "mof", "USA", 2017, "import", ("81101",), 430_235_115 * 1000),
    ("motorcycles", "mof-motorcycles", "mof", "USA", 2017, "export", ("7050701",), 77_807_870 * 1000),
    ("ships", "mof-ships", "mof", "USA", 2024, "export", ("7051301",), 13_847_042 * 1000),  # nil 2010-2022
]


def test_every_new_name_has_a_hand_checked_figure():
    assert [c[0] for c in HAND_CHECKED] == [n for n in NAMES if n not in ("automotive", "auto-tariff")]


@pytest.mark.parametrize("case", HAND_CHECKED, ids=[c[0] for c in HAND_CHECKED])
def test_hand_checked_figure(frames, case):
    name, definition, dataset, partner, year, flow, codes, expected = case
    assert (definition, "reading") in sectors.readings_of(name)
    frame = frames[(dataset, partner)]
    rows = frame[(frame["flow"] == flow) & frame["code"].isin(codes) & (frame["period"].dt.year == year)]
    per_code = rows.groupby("code", observed=True).size()
    # MOF: one row per month with a figure (a "-" month, no figure, has none); the others: one row a year.
    assert set(per_code.index) == set(codes)
    assert all(1 <= n <= 12 for n in per_code) if dataset == "mof" else dict(per_code) == dict.fromkeys(codes, 1)
    assert rows["value"].sum() == expected
    table = tb.decompose(frame, year, definition).set_index("sector")
    sector = sectors.get(definition).sectors()[0][0]
    assert table.loc[sector, f"{flow}s"] == expected
    other = {"export": "import", "import": "export"}[flow]
    if other not in set(sectors.get(definition).members["flow"]):
        assert table.loc[sector, f"{other}s"] == 0


# --- the README --------------------------------------------------------------------------------------------


def test_readme_names_every_name_and_definition():
    text = (Path(__file__).parents[1] / "data" / "sectors" / "README.md").read_text(encoding="utf-8")
    missing = [n for n in NAMES if f"`{n}`" not in text]
    assert missing == [], f"data/sectors/README.md does not mention {missing}"
    missing = [d for d in DEFINITIONS if f"`{d}`" not in text]
    assert missing == [], f"data/sectors/README.md does not mention {missing}"
