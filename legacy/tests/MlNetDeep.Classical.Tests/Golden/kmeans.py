#!/usr/bin/python3
"""Golden values for KMeansTests: scikit-learn's KMeans (Lloyd) from fixed initial centres on
small generated data, written to kmeans.json. Rerun with /usr/bin/python3 kmeans.py."""
import json

import numpy as np
from sklearn.cluster import KMeans

rng = np.random.default_rng(11)
n, d, k = 120, 3, 4
x = (rng.normal(size=(n, d)) + np.repeat(np.array([[0, 0, 0], [4, 0, 0], [0, 4, 0], [4, 4, 1]]), n // k, axis=0)).astype(np.float32)
init = x[[0, 1, 2, 3]].copy()  # all from the first blob: Lloyd has to travel
model = KMeans(n_clusters=k, init=init, n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd").fit(x)
json.dump({"features": x.ravel().tolist(), "rows": n, "columns": d, "clusters": k, "init": init.ravel().tolist(),
           "centers": model.cluster_centers_.ravel().tolist(), "inertia": float(model.inertia_), "iterations": int(model.n_iter_),
           "labels": model.labels_.tolist()}, open("kmeans.json", "w"), indent=1)
