"""How a fake is checked against the value it replaces (`comparable`, `leaks`) and which
spelling of an identifier a fake copies (`styles`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from .ru_ids import Strings

DIGIT_KINDS = {"inn", "inn_legal", "snils", "passport", "oms", "bank_card"}


def comparable(kind: str, texts: Strings, drawn: bool = False) -> Strings:
    """Texts in the form a fake is compared with its original in: digits of identifiers (the
    last 10 of phones), IBANs without spaces, lowercase e-mails, other text as it is. Drawn
    fakes need no regular expressions: their only separators are spaces and dashes."""
    if kind not in DIGIT_KINDS | {"phone", "iban", "email", "birth_date"}:
        return texts
    series = pd.Series(texts, dtype=object)
    if kind == "birth_date":
        series = series.str[:10]
    elif drawn and kind in ("snils", "passport", "bank_card", "iban"):
        series = series.str.replace(" ", "", regex=False).str.replace("-", "", regex=False)
    elif kind == "email" and not drawn:
        series = series.str.strip().str.lower()
    elif kind == "iban" and not drawn:
        series = series.str.replace(r"[^0-9A-Za-z]", "", regex=True).str.upper()
    elif kind in DIGIT_KINDS | {"phone"} and not drawn:
        series = _digits_only(texts)
    return (series.str[-10:] if kind == "phone" else series).to_numpy(dtype=object)


def _digits_only(texts: Strings) -> pd.Series:
    """`str.replace(r"\\D", "")` of each text: by Arrow when every text is ASCII (where `\\D`
    is `[^0-9]`), else by Python's regular expressions (which know other scripts' digits)."""
    arrow = pa.array(texts, type=pa.large_string())
    if len(arrow) and pc.all(pc.string_is_ascii(arrow)).as_py():
        digits = pc.replace_substring_regex(arrow, "[^0-9]", "")
        return pd.Series(digits.to_numpy(zero_copy_only=False), dtype=object)
    return pd.Series(texts, dtype=object).str.replace(r"\D", "", regex=True)


def leaks(kind: str, candidates: Strings, originals: Strings) -> NDArray[np.bool_]:
    fakes = comparable(kind, candidates, drawn=True)
    same: NDArray[np.bool_] = fakes == originals
    if kind == "email" and len(fakes):  # an original of 6+ characters inside its fake
        lengths = pd.Series(originals, dtype=object).str.len().to_numpy()
        check = np.flatnonzero((lengths >= 6) & (lengths <= max(map(len, fakes))))
        texts, parts = fakes[check].astype(str), originals[check].astype(str)
        same[check[np.char.find(texts, parts) >= 0]] = True
    return same


def styles(kind: str, originals: Strings) -> tuple[NDArray[np.str_], NDArray[np.str_]]:
    """(format of each original — digits, compact, spaced, grouped, plain —, IBAN country)."""
    style = np.full(len(originals), "spaced", dtype="U8")
    if kind not in ("snils", "passport", "bank_card", "iban"):
        return style, style
    text = pd.Series(originals, dtype=object).str.strip()
    if kind in ("snils", "passport"):
        style[text.str.fullmatch(r"\d{10,11}").to_numpy(dtype=bool)] = "digits"
        style[text.str.fullmatch(r"\d{4}\s+\d{6}").to_numpy(dtype=bool)] = "compact"
    else:  # printed in groups of four: '2200 1234 …', 'GB82 WEST …'
        pattern = r"\d{4}( \d{1,4}){2,4}" if kind == "bank_card" else r"[A-Za-z]{2}\d\d( \w{1,4})+"
        style[text.str.fullmatch(pattern).to_numpy(dtype=bool)] = "grouped"
    countries = text.str[:2].str.upper().to_numpy(dtype="U2") if kind == "iban" else style
    return style, countries
