"""Hypothesis strategies for OFAC list text: remarks built from OFAC's own labels."""

from __future__ import annotations

from hypothesis import strategies as st

LABELS = (
    "DOB",
    "alt. DOB",
    "POB",
    "nationality",
    "citizen",
    "Gender",
    "Passport",
    "Cedula No.",
    "National ID No.",
    "Kenyan ID No.",
    "SWIFT/BIC",
    "IMO",
    "MMSI",
    "Vessel Registration Identification",
    "Digital Currency Address - XBT",
    "Tax ID No.",
    "Registration Number",
    "Linked To:",
    "Organization Established Date",
    "Target Type",
    "Secondary sanctions risk:",
    "Additional Sanctions Information -",
    "Website",
    "Email Address",
    "a.k.a.",
    "f.k.a.",
    "n.k.a.",
)

remark_values = st.text(max_size=40)


@st.composite
def remark_segments(draw: st.DrawFn) -> str:
    """One ``Label value`` segment, sometimes with a country in parentheses or quotes."""
    label = draw(st.sampled_from(LABELS))
    value = draw(remark_values)
    shape = draw(st.sampled_from(("{l} {v}", "{l} {v} ({v})", "{l} '{v}'", "{l}{v}", "{v}")))
    return shape.format(l=label, v=value)


remarks_texts = st.lists(remark_segments(), max_size=8).map("; ".join)
"""Remark-shaped text: real labels with arbitrary values and separators."""
