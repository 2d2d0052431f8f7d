#!/usr/bin/python3
"""Golden values for LogisticRegressionTests: scikit-learn's LogisticRegression (lbfgs, converged
tightly) on small generated data, written to logreg.json next to this script. Rerun with
/usr/bin/python3 logreg.py (Debian's python3-sklearn)."""
import json

import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)
n, d = 90, 4
y = np.arange(n) % 3
x = rng.normal(size=(n, d)) + np.stack([y, -0.5 * y, np.zeros(n), 0.3 * y], axis=1)
x = x.astype(np.float32)
multi = LogisticRegression(C=0.5, tol=1e-10, max_iter=10000).fit(x.astype(np.float64), y)
yb = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=n) * 0.5 > 0.6)
binary = LogisticRegression(C=2.0, tol=1e-10, max_iter=10000).fit(x.astype(np.float64), yb)
json.dump({
    "features": x.ravel().tolist(), "rows": n, "columns": d,
    "multiclass_labels": y.tolist(), "multiclass_c": 0.5,
    "multiclass_coef": multi.coef_.ravel().tolist(), "multiclass_intercept": multi.intercept_.tolist(),
    "binary_labels": yb.astype(int).tolist(), "binary_c": 2.0,
    "binary_coef": binary.coef_.ravel().tolist(), "binary_intercept": binary.intercept_.tolist(),
}, open("logreg.json", "w"), indent=1)
