"""``bankwire demo``: the 2018-2022 PDVSA / Evrofinance / Promsvyazbank story, replayed."""
