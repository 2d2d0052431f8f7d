#!/usr/bin/python3
"""Python peer of the classical benchmark (python3-xgboost, python3-sklearn): the same data
(Fashion-MNIST pixels / 255, the same training subset), parameters and thread count as
ClassicalWorker.cs. Times the fit including building the library's own matrix from arrays
already in memory. Prints one JSON object."""
import json
import sys
import time

import numpy as np

from engine import DATA, idx


def load(limit):
    x = idx(f"{DATA}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64)
    if limit > 0:
        x, y = x[:limit], y[:limit]
    xt = idx(f"{DATA}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    yt = idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y, xt, yt


def xgboost(x, y, xt, yt, threads, rounds):
    import xgboost as xgb
    params = {"objective": "multi:softprob", "num_class": 10, "tree_method": "hist", "eta": 0.3, "max_depth": 6,
              "max_bin": 256, "nthread": threads, "seed": 1, "verbosity": 0}
    start = time.perf_counter()
    d = xgb.DMatrix(x, label=y, nthread=threads)
    booster = xgb.train(params, d, num_boost_round=rounds)
    seconds = time.perf_counter() - start
    pred = booster.predict(xgb.DMatrix(xt, nthread=threads)).argmax(axis=1)
    return seconds, float((pred == yt).mean()), {}


def logreg(x, y, xt, yt, threads, rounds):
    from threadpoolctl import threadpool_limits
    from sklearn.linear_model import LogisticRegression
    with threadpool_limits(threads):
        start = time.perf_counter()
        model = LogisticRegression(C=1.0, max_iter=100, tol=1e-4).fit(x, y)
        seconds = time.perf_counter() - start
    return seconds, float((model.predict(xt) == yt).mean()), {"iterations": int(model.n_iter_[0])}


def kmeans(x, y, xt, yt, threads, rounds):
    from threadpoolctl import threadpool_limits
    from sklearn.cluster import KMeans
    init = x[[i * (len(x) // 10) for i in range(10)]].copy()  # the same rows as ClassicalWorker.cs
    with threadpool_limits(threads):
        start = time.perf_counter()
        model = KMeans(n_clusters=10, init=init, n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd").fit(x)
        seconds = time.perf_counter() - start
    return seconds, cluster_purity(model.predict(xt), yt), {"iterations": int(model.n_iter_), "inertia": float(model.inertia_)}


def svm_rbf(x, y, xt, yt, threads, rounds, rows=10000):
    from sklearn.svm import SVC
    if rows:
        x, y = x[:rows], y[:rows]
    start = time.perf_counter()
    model = SVC(C=10.0, kernel="rbf", gamma="scale", cache_size=200).fit(x, y)
    seconds = time.perf_counter() - start
    return seconds, float((model.predict(xt) == yt).mean()), {"support_vectors": int(model.n_support_.sum())}


def svm_rbf_full(x, y, xt, yt, threads, rounds):
    return svm_rbf(x, y, xt, yt, threads, rounds, rows=0)


def cluster_purity(clusters, labels):
    # Share of test images whose cluster's majority class is their class.
    hits = sum(np.bincount(labels[clusters == c]).max() for c in np.unique(clusters))
    return float(hits / len(labels))


if __name__ == "__main__":
    name, limit, threads, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x, y, xt, yt = load(limit)
    seconds, accuracy, extra = {"xgboost": xgboost, "logreg": logreg, "kmeans": kmeans, "svm_rbf": svm_rbf, "svm_rbf_full": svm_rbf_full}[name](x, y, xt, yt, threads, rounds)
    print(json.dumps({"train_s": seconds, "test_accuracy": accuracy, **extra}))
