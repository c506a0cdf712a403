"""One column's verdict: name signals and value evidence combined into a kind and confidence.

Values beat names: a name alone gives at most its weight (0.3-0.6); values that pass a
specific check (a checksum, an e-mail pattern) give up to their check's specificity; both
agreeing give more than either (1 - (1-a)(1-b)). Values that contradict the name (a column
`email` of numbers) cut the name's weight to 40%, and another kind the values prove wins
(phones in a column `email`). Where the values bear out what the name says, the name decides
between kinds whose checks overlap (16 Luhn-valid digits in `polis_oms` are an OMS policy,
not a card).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .evidence import MIN_VALUES, ValueEvidence, checked_kinds, value_evidence
from .kinds import KINDS, PiiKind
from .names import NameHit, name_hits
from .result import Signal, SignalSource
from .sample import ColumnSample

REPORT_FLOOR = 0.2  # below this a column is not reported as personal
_CONTRADICTED = 0.4


@dataclass(frozen=True)
class Detection:
    kind: PiiKind
    confidence: float
    signals: tuple[Signal, ...]


def detect_column(name: str, sample: ColumnSample, *, today: date) -> Detection | None:
    """What `name` and its `sample` say the column holds, or None if nothing personal."""
    named = _best_hits(name_hits(name))
    evidence = {kind: value_evidence(kind, sample, today) for kind in checked_kinds()}
    candidates = set(named) | {k for k, found in evidence.items() if _strength(found) > 0}
    if not candidates:
        return None
    scored = [_score(k, named.get(k), evidence.get(k, []), sample) for k in candidates]
    # a kind the name says and the values bear out wins; values overrule a name they contradict
    backed = [d for d in scored if d.kind in named and _backed(evidence.get(d.kind, []))]
    best = max(backed or scored, key=lambda d: (d.confidence, _weight(named, d.kind)))
    if best.confidence < REPORT_FLOOR:
        return None
    others = tuple(
        Signal(SignalSource.NAME, f"the name also suggests {KINDS[k].label} ('{hit.pattern}')")
        for k, hit in named.items()
        if k is not best.kind
    )
    return Detection(best.kind, best.confidence, best.signals + others)


def _best_hits(hits: list[NameHit]) -> dict[PiiKind, NameHit]:
    best: dict[PiiKind, NameHit] = {}
    for hit in hits:
        if hit.kind not in best or hit.weight > best[hit.kind].weight:
            best[hit.kind] = hit
    return best


def _weight(named: dict[PiiKind, NameHit], kind: PiiKind) -> float:
    return named[kind].weight if kind in named else 0.0


def _backed(found: list[ValueEvidence]) -> bool:
    """True if enough sampled values pass a check of the kind (none to check: False)."""
    return any(e.support >= 1.0 for e in found)


def _strength(found: list[ValueEvidence]) -> float:
    return max((e.strength for e in found), default=0.0)


def _score(
    kind: PiiKind, hit: NameHit | None, found: list[ValueEvidence], sample: ColumnSample
) -> Detection:
    weight = hit.weight if hit else 0.0
    support = max((e.support for e in found), default=1.0)
    penalty = _CONTRADICTED + (1 - _CONTRADICTED) * support
    confidence = 1 - (1 - weight * penalty) * (1 - _strength(found))
    signals: list[Signal] = []
    if hit is not None:
        signals.append(Signal(SignalSource.NAME, f"column name matches '{hit.pattern}'"))
    shown = [e for e in found if e.strength > 0] or sorted(found, key=lambda e: -e.share)[:1]
    signals += [
        Signal(
            SignalSource.VALUES,
            f"{e.share:.0%} of {e.sampled} sampled values are {e.label}",
            e.share,
        )
        for e in shown
    ]
    if not found and kind in checked_kinds() and len(sample) < MIN_VALUES:
        count = len(sample)
        signals.append(
            Signal(SignalSource.VALUES, f"{count} non-null value(s) sampled: too few to check")
        )
    return Detection(kind, round(confidence, 2), tuple(signals))
