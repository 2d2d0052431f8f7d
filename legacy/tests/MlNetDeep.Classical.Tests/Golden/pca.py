#!/usr/bin/python3
"""Golden values for PcaTests: scikit-learn's PCA (full SVD) on small generated correlated data,
each axis's sign fixed so its largest-magnitude entry is positive (PcaEstimator's convention),
written to pca.json. Rerun with /usr/bin/python3 pca.py."""
import json

import numpy as np
from sklearn.decomposition import PCA

rng = np.random.default_rng(5)
n, d, k = 200, 6, 3
latent = rng.normal(size=(n, 3)) * np.array([3.0, 1.5, 0.7])
mixing = rng.normal(size=(3, d))
x = (latent @ mixing + 0.1 * rng.normal(size=(n, d)) + np.arange(d)).astype(np.float32)
pca = PCA(n_components=k, svd_solver="full").fit(x.astype(np.float64))
axes = pca.components_.copy()
for row in axes:
    if row[np.argmax(np.abs(row))] < 0:
        row *= -1
json.dump({"features": x.ravel().tolist(), "rows": n, "columns": d, "rank": k, "mean": pca.mean_.tolist(),
           "axes": axes.ravel().tolist(), "variances": pca.explained_variance_.tolist()}, open("pca.json", "w"), indent=1)
