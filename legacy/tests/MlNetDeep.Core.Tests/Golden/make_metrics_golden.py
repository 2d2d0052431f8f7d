#!/usr/bin/python3
"""Records scikit-learn's metrics on fixed random predictions for EvaluatorGoldenTests.

Run from this folder with Debian's python3-sklearn:
    /usr/bin/python3 make_metrics_golden.py > metrics_golden.json
"""
import json
import numpy as np
from sklearn import metrics

rng = np.random.default_rng(7)

# Multiclass: 4 classes, 60 rows; probabilities from a noisy softmax that favours the truth.
k, n = 4, 60
y = rng.integers(0, k, n)
logits = rng.normal(size=(n, k))
logits[np.arange(n), y] += 1.0
prob = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
pred = prob.argmax(1)
prior = np.bincount(y, minlength=k) / n
p, r, f, s = metrics.precision_recall_fscore_support(y, pred, labels=range(k), zero_division=0)
multiclass = {
    "label": y.tolist(), "prob": prob.tolist(), "pred": pred.tolist(),
    "micro_accuracy": metrics.accuracy_score(y, pred),
    "macro_accuracy": metrics.balanced_accuracy_score(y, pred),
    "log_loss": metrics.log_loss(y, prob, labels=range(k)),
    "log_loss_prior": metrics.log_loss(y, np.tile(prior, (n, 1)), labels=range(k)),
    "top2_accuracy": metrics.top_k_accuracy_score(y, prob, k=2, labels=range(k)),
    "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(),
    "macro_f1": metrics.f1_score(y, pred, average="macro"),
    "micro_f1": metrics.f1_score(y, pred, average="micro"),
    "confusion": metrics.confusion_matrix(y, pred, labels=range(k)).tolist(),
}

# Binary: 50 rows, raw scores; probability = sigmoid(score); predicted = score > 0.
n = 50
yb = rng.integers(0, 2, n).astype(bool)
score = rng.normal(size=n) + np.where(yb, 0.8, -0.8)
probb = 1 / (1 + np.exp(-score))
predb = score > 0
binary = {
    "label": yb.tolist(), "score": score.tolist(), "prob": probb.tolist(), "pred": predb.tolist(),
    "auc": metrics.roc_auc_score(yb, score),
    "pr_auc": metrics.average_precision_score(yb, score),
    "accuracy": metrics.accuracy_score(yb, predb),
    "f1": metrics.f1_score(yb, predb),
    "precision": metrics.precision_score(yb, predb),
    "recall": metrics.recall_score(yb, predb),
    "log_loss": metrics.log_loss(yb, probb),
}

# Regression: 40 rows.
n = 40
yr = rng.normal(size=n) * 3 + 1
pr = yr + rng.normal(size=n)
regression = {
    "label": yr.tolist(), "score": pr.tolist(),
    "mae": metrics.mean_absolute_error(yr, pr),
    "mse": metrics.mean_squared_error(yr, pr),
    "rmse": metrics.mean_squared_error(yr, pr) ** 0.5,
    "r2": metrics.r2_score(yr, pr),
}

# Clustering: 3 true classes, 3 clusters, 2-d points.
n = 45
yc = np.repeat([0, 1, 2], 15)
xc = rng.normal(size=(n, 2)) + np.array([[0, 0], [4, 0], [0, 4]])[yc]
cl = yc.copy()
cl[[3, 20, 33]] = [1, 2, 0]
centroids = np.array([xc[cl == c].mean(0) for c in range(3)])
clustering = {
    "features": xc.tolist(), "label": yc.tolist(), "cluster": cl.tolist(), "centroids": centroids.tolist(),
    "average_distance": float(np.mean(((xc - centroids[cl]) ** 2).sum(1))),
    "davies_bouldin": metrics.davies_bouldin_score(xc, cl),
    "nmi": metrics.normalized_mutual_info_score(yc, cl),
}

# Multi-label: 30 rows, 5 labels.
n, L = 30, 5
ym = rng.integers(0, 2, (n, L)).astype(bool)
pm = ym.copy()
flip = rng.random((n, L)) < 0.2
pm[flip] = ~pm[flip]
multilabel = {
    "label": ym.tolist(), "pred": pm.tolist(),
    "hamming_loss": metrics.hamming_loss(ym, pm),
    "subset_accuracy": metrics.accuracy_score(ym, pm),
    "micro_f1": metrics.f1_score(ym, pm, average="micro", zero_division=0),
    "macro_f1": metrics.f1_score(ym, pm, average="macro", zero_division=0),
}

print(json.dumps({"sklearn_version": __import__("sklearn").__version__, "multiclass": multiclass, "binary": binary,
                  "regression": regression, "clustering": clustering, "multilabel": multilabel}))
