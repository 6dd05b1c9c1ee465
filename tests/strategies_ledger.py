"""Hypothesis strategies for the ledger workload (TigerBeetle's workload generator, in small).

Mostly valid traffic between accounts of one currency, posts and voids aimed at pending
transfers that exist, resends of recorded transfers (same or changed), and now and then an
unknown account, a wrong currency or an overdraft, so that every path is exercised often.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hypothesis import strategies as st

from bankwire.ledger import Account, AccountFlags, AccountKind, Transfer, TransferFlags

FUNDING, SENDER, RECEIVER, CAPPED, BLOCKED, EURO_A, EURO_B = range(1, 8)
UNKNOWN = 99

WORKLOAD_ACCOUNTS = [
    Account(FUNDING, "USD", 2, "NETWORK", AccountKind.FUNDING),
    Account(SENDER, "USD", 1, "AAAAUS33", AccountKind.SETTLEMENT,
            AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
    Account(RECEIVER, "USD", 1, "BBBBDEFF", AccountKind.SETTLEMENT),
    Account(CAPPED, "USD", 1, "CCCCGB2L", AccountKind.VOSTRO,
            AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS),
    Account(BLOCKED, "USD", 3, "AAAAUS33", AccountKind.BLOCKED),
    Account(EURO_A, "EUR", 1, "DDDDFRPP", AccountKind.SETTLEMENT),
    Account(EURO_B, "EUR", 1, "EEEEITMM", AccountKind.SETTLEMENT,
            AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
]  # fmt: skip
CURRENCY = {account.id: account.currency for account in WORKLOAD_ACCOUNTS}
BY_CURRENCY = {
    "USD": [FUNDING, FUNDING, SENDER, RECEIVER, CAPPED, BLOCKED],
    "EUR": [EURO_A, EURO_B],
}

ids = st.integers(min_value=1, max_value=10_000)
linked = st.integers(0, 9).map(lambda n: TransferFlags.LINKED if n < 2 else TransferFlags.NONE)
references = st.sampled_from([None, "OFAC GL 8", "EU 2022/263 art 5"])
uetrs = st.sampled_from([None, "eb6305c9-1f7f-49de-aed0-16487c27b42d"])


@st.composite
def account_pair(draw: st.DrawFn) -> tuple[int, int]:
    """Two accounts of one currency, or (one time in eight) any two, unknown included."""
    if draw(st.integers(0, 7)) == 0:
        every = st.sampled_from([*CURRENCY, UNKNOWN])
        return draw(every), draw(every)
    pool = BY_CURRENCY[draw(st.sampled_from(["USD", "USD", "EUR"]))]
    debit = draw(st.sampled_from(pool))
    others = [account for account in pool if account != debit]
    if draw(st.integers(0, 19)) == 0:  # Now and then, the same account twice.
        return debit, debit
    return debit, draw(st.sampled_from(others))


@st.composite
def single_or_pending(draw: st.DrawFn) -> Transfer:
    debit, credit = draw(account_pair())
    is_pending = draw(st.booleans())
    currency = CURRENCY.get(debit, "USD")
    if draw(st.integers(0, 29)) == 0:  # Now and then, the wrong currency.
        currency = "EUR" if currency == "USD" else "USD"
    return Transfer(
        id=draw(ids),
        debit_account_id=debit,
        credit_account_id=credit,
        amount=draw(st.integers(1, 400)),
        currency=currency,
        code=draw(st.sampled_from([1, 2, 3])),
        flags=(TransferFlags.PENDING if is_pending else TransferFlags.NONE) | draw(linked),
        timeout_s=draw(st.sampled_from([0, 0, 1, 30, 90])) if is_pending else 0,
        uetr=draw(uetrs),
        licence_reference=draw(references),
    )


@st.composite
def post_or_void(draw: st.DrawFn, pending_ids: Sequence[int]) -> Transfer:
    is_post = draw(st.booleans())
    flags = TransferFlags.POST_PENDING_TRANSFER if is_post else TransferFlags.VOID_PENDING_TRANSFER
    aimed = bool(pending_ids) and draw(st.integers(0, 9)) > 0
    return Transfer(
        id=draw(ids),
        debit_account_id=0,
        credit_account_id=0,
        amount=draw(st.sampled_from([0, 0, 50, 150, 300])) if is_post else 0,
        currency="",
        code=0,
        flags=flags | draw(linked),
        pending_id=draw(st.sampled_from(pending_ids)) if aimed else draw(ids),
        uetr=draw(uetrs),
    )


@st.composite
def resend(draw: st.DrawFn, recorded: Sequence[Transfer]) -> Transfer:
    """A recorded transfer sent again: as it was, or with one field changed."""
    again = replace(draw(st.sampled_from(recorded)), timestamp=0)
    change = draw(st.sampled_from(["none", "none", "amount", "uetr", "flags", "code"]))
    if change == "amount":
        return replace(again, amount=again.amount + 1)
    if change == "uetr":
        return replace(again, uetr="0f0e2b5c-2c54-4d27-9a7e-5d5c1d0c9a11")
    if change == "flags":
        return replace(again, flags=again.flags ^ TransferFlags.LINKED)
    if change == "code":
        return replace(again, code=again.code % 3 + 1)
    return again


def batches(
    pending_ids: Sequence[int], recorded: Sequence[Transfer]
) -> st.SearchStrategy[list[Transfer]]:
    options = [single_or_pending(), single_or_pending(), post_or_void(pending_ids)]
    if recorded:
        options.append(resend(recorded))
    return st.lists(st.one_of(options), min_size=1, max_size=6)
