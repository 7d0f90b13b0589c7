"""The calibrated confidence: a logistic model over the answerer's signals, loaded from a committed fit."""

from __future__ import annotations

import json

import pytest

from assistant.confidence import FEATURES, HAND_SET, WEIGHTS, Calibrator, load_calibrator
from core.settings import Settings

GOOD = {"sim": 0.8, "coverage": 1.0, "local": 0.9, "prior": 1.0, "margin": 0.1, "asks_type": 1.0, "type_ok": 1.0,
        "names_missing": 0.0, "numbers_missing": 0.0, "negation_unmatched": 0.0, "doc_named": 1.0, "followup": 0.0,
        "formula": 0.0, "names_off_sentence": 0.0, "definition": 0.0, "superlative_unmatched": 0.0}


def test_probability_is_monotone_in_each_signal_as_its_weight_says():
    cal = load_calibrator()
    base = cal.probability(GOOD)
    assert 0.0 < base < 1.0
    for feature, weight in zip(FEATURES, cal.weights):
        bumped = cal.probability({**GOOD, feature: GOOD[feature] + 1.0})
        assert (bumped > base) == (weight > 0) or weight == 0, feature


def test_missing_names_and_numbers_lower_the_confidence():
    cal = load_calibrator()
    assert cal.probability({**GOOD, "numbers_missing": 1.0}) < cal.probability(GOOD)
    assert cal.probability({**GOOD, "names_missing": 1.0}) < cal.probability(GOOD)
    assert cal.probability({**GOOD, "superlative_unmatched": 1.0}) < cal.probability(GOOD)
    assert cal.probability({**GOOD, "sim": 0.1, "coverage": 0.2, "local": 0.1}) < cal.probability(GOOD)


def test_round_trip_and_feature_check(tmp_path):
    data = HAND_SET.to_json()
    assert Calibrator.from_json(data) == HAND_SET
    with pytest.raises(ValueError, match="refit"):
        Calibrator.from_json({**data, "features": ["sim"]})
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))
    assert load_calibrator(str(path)) == HAND_SET


def test_the_committed_fit_and_the_default_threshold_agree():
    """The default refusal threshold is the one the fit chose on dev (scripts/train_confidence.py)."""
    if not WEIGHTS.is_file():
        pytest.skip("no committed fit yet")
    fitted = json.loads(WEIGHTS.read_text())
    assert Settings().refusal_threshold == pytest.approx(fitted["threshold"])
    assert list(fitted["features"]) == list(FEATURES)
