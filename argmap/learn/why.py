"""A learned decision's reasons in words: its score and the features that weighed most."""

from __future__ import annotations

__all__ = ["learned_reason"]


def learned_reason(score: float | None, why: list) -> str | None:
    """``score 0.82: same-paragraph +2.03, previous +1.03`` — or None for a decision the rules made."""
    if score is None:
        return None
    out = f"score {score:.2f}"
    if why:
        out += ": " + ", ".join(f"{w['feature']} +{float(w['weight']):.2f}" for w in why)
    return out
