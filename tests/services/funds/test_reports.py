"""Form 03-6/TNDN and the DOST usage report against a ledger built by hand."""
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.services.funds.ledger import form_03_6, fund_position, ledger_inputs, usage_by_category

CIT = Decimal("0.20")
M = 1_000_000

LEDGER = [
    {"id": 1, "kind": "appropriation", "tax_year": 2019, "taxable_income": 5000 * M, "rate": Decimal("0.10"),
     "amount": 500 * M, "cit_rate": CIT},
    {"id": 2, "kind": "appropriation", "tax_year": 2020, "taxable_income": 3000 * M, "rate": Decimal("0.10"),
     "amount": 300 * M, "cit_rate": CIT},
    {"id": 3, "kind": "usage", "day": date(2020, 4, 1), "amount": 200 * M, "category": "facilities"},
    {"id": 4, "kind": "usage", "day": date(2021, 3, 1), "amount": 400 * M, "category": "training"},
    {"id": 5, "kind": "usage", "day": date(2021, 7, 1), "amount": 50 * M, "proper": False, "category": "personnel"},
    {"id": 6, "kind": "usage", "day": date(2021, 5, 5), "amount": 999 * M, "category": "training"},
    {"id": 7, "kind": "reversal", "reverses": 6},
    {"id": 8, "kind": "appropriation", "tax_year": 2021, "taxable_income": 2000 * M, "rate": Decimal("0.05"),
     "amount": 100 * M, "cit_rate": CIT},
]


def figures(report):
    return {row["year"]: (row["brought_in"], row["appropriated"], row["used"], row["carried_forward"])
            for row in report["rows"]}


def test_form_2020_by_hand():
    report = form_03_6(LEDGER, 2020)
    assert (report["taxable_income"], report["rate"], report["amount"]) == (3000 * M, Decimal("0.10"), 300 * M)
    # 2019: 500 brought in, 200 used in 2020 (FIFO: oldest first), 300 carried; 2020: 300 appropriated.
    assert figures(report) == {2019: (500 * M, 0, 200 * M, 300 * M), 2020: (0, 300 * M, 0, 300 * M)}


def test_form_2021_by_hand():
    report = form_03_6(LEDGER, 2021)
    assert (report["rate"], report["amount"]) == (Decimal("0.05"), 100 * M)
    # 1/3: 400 = 300 (all of 2019) + 100 of 2020; 1/7: 50 misused from 2020. The reversed 999 is gone.
    assert figures(report) == {2019: (300 * M, 0, 300 * M, 0), 2020: (300 * M, 0, 150 * M, 150 * M),
                               2021: (0, 100 * M, 0, 100 * M)}
    row_2020 = report["rows"][1]
    assert (row_2020["used_proper"], row_2020["misused"]) == (100 * M, 50 * M)
    assert report["advanced"] == 0


def test_expired_tranches_leave_the_form():
    # The 2019 tranche's deadline is 31/12/2024: it is in the 2024 form, not in 2025's.
    assert 2019 in figures(form_03_6(LEDGER, 2024))
    assert set(figures(form_03_6(LEDGER, 2025))) == {2020, 2021}
    assert form_03_6(LEDGER, 2025)["amount"] == 0 and form_03_6(LEDGER, 2025)["rate"] is None


def test_usage_by_category_by_hand():
    rows = {row["category"]: row for row in usage_by_category(LEDGER, date(2021, 1, 1), date(2021, 12, 31))}
    assert (rows["training"]["amount"], rows["training"]["count"]) == (400 * M, 1)  # the reversed 999 is gone
    assert (rows["personnel"]["amount"], rows["personnel"]["misused"]) == (50 * M, 50 * M)
    assert rows["facilities"]["amount"] == 0  # its usage was in 2020
    assert rows["initiatives"]["amount"] == 0
    assert len(rows) == 8  # every allowed use, in a fixed order, even when unused


RATES = st.sampled_from([Decimal("0.20"), Decimal("0.17")])
ENTRY = st.one_of(
    st.fixed_dictionaries({"kind": st.just("appropriation"), "tax_year": st.integers(2015, 2023),
                           "amount": st.integers(0, 10**9), "cit_rate": RATES, "rate": st.just(Decimal("0.1"))}),
    st.fixed_dictionaries({"kind": st.just("transfer_in"), "tax_year": st.integers(2015, 2023),
                           "amount": st.integers(0, 10**9), "cit_rate": RATES}),
    st.fixed_dictionaries({"kind": st.sampled_from(["usage", "advance", "transfer_out"]),
                           "day": st.dates(date(2015, 1, 1), date(2029, 12, 31)),
                           "amount": st.integers(0, 5 * 10**8), "proper": st.booleans()}),
)


@st.composite
def ledgers(draw):
    entries = [dict(entry, id=index) for index, entry in enumerate(draw(st.lists(ENTRY, max_size=14)))]
    for target in draw(st.lists(st.integers(0, max(len(entries) - 1, 0)), max_size=3, unique=True)):
        if entries:
            entries.append({"id": len(entries), "kind": "reversal", "reverses": target})
    return entries


@settings(max_examples=100, deadline=None)
@given(ledgers())
def test_form_reconciles_year_to_year_and_with_the_ledger(entries):
    forms = {year: form_03_6(entries, year) for year in range(2014, 2031)}
    for year in range(2014, 2030):
        this, following = figures(forms[year]), figures(forms[year + 1])
        for tranche_year, (brought_in, appropriated, used, carried) in this.items():
            assert carried == brought_in + appropriated - used >= 0
            if tranche_year in following:
                assert following[tranche_year][0] == carried
        assert set(following) - {year + 1} <= set(this)
    position = fund_position(*ledger_inputs(entries), date(2030, 12, 31), Decimal("0.02"))
    used_by_year = {}
    for row in position:
        used_by_year[row["year"]] = used_by_year.get(row["year"], 0) + row["used"]
    for tranche_year, used in used_by_year.items():
        reported = sum(figures(forms[y]).get(tranche_year, (0, 0, 0, 0))[2] for y in forms)
        assert reported == used
