#!/usr/bin/env python3
"""Compare nephos's outlier model with PyOD's IsolationForest and ECOD on the same features.

Usage:
  nephos outliers ESTATE --export-features features.csv
  scripts/outliers-pyod.py features.csv ESTATE/labels.json

The feature matrix is the one nephos's model reads (per-peer-group value frequencies, robust
z-scores, missing/rare tag counts; see `nephos_risk::feature_matrix_csv`); its `nephos_score`
column is nephos's own score. Positives are the `outliers` of the demo answer key; every other
compared resource is a negative. Prints ROC-AUC and precision at k (k = number of positives) for
each detector. Needs `pyod` (PyPI) and scikit-learn.
"""
import csv
import json
import sys

import numpy as np
from pyod.models.ecod import ECOD
from pyod.models.iforest import IForest
from sklearn.metrics import roc_auc_score


def precision_at_k(y, s, k):
    order = np.lexsort((np.arange(len(s)), -s))
    return float(np.mean(y[order[:k]])) if k else 0.0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    with open(sys.argv[2]) as f:
        positives = {o["resource"] for o in json.load(f)["outliers"]}
    cols = [c for c in rows[0] if c.startswith(("freq_", "z_")) or c in ("missing_common_tags", "rare_tags")]
    x = np.array([[float(r[c]) for c in cols] for r in rows])
    # Frequencies: rarer is odder, so give detectors rarity (1 - freq); z-scores as magnitudes.
    for i, c in enumerate(cols):
        if c.startswith("freq_"):
            x[:, i] = 1.0 - x[:, i]
        elif c.startswith("z_"):
            x[:, i] = np.abs(x[:, i])
    y = np.array([1 if r["resource"] in positives else 0 for r in rows])
    k = int(y.sum())
    scores = {"nephos": np.array([float(r["nephos_score"]) for r in rows])}
    iforest = IForest(n_estimators=200, random_state=0)
    iforest.fit(x)
    scores["PyOD IForest"] = iforest.decision_scores_
    ecod = ECOD()
    ecod.fit(x)
    scores["PyOD ECOD"] = ecod.decision_scores_
    print(f"{len(rows)} resources, {len(cols)} features, {k} planted outliers")
    print(f"{'detector':<14} {'ROC-AUC':>8} {'P@k':>6}")
    for name, s in scores.items():
        print(f"{name:<14} {roc_auc_score(y, s):>8.5f} {precision_at_k(y, s, k):>6.3f}")


if __name__ == "__main__":
    main()
