#!/usr/bin/python3
"""Golden values for SvmTests: scikit-learn's SVC, SVR and OneClassSVM (its bundled libsvm) on
small generated data, written to svm.json. Rerun with /usr/bin/python3 svm.py."""
import json

import numpy as np
from sklearn.svm import SVC, SVR, OneClassSVM

rng = np.random.default_rng(3)
n = 150
y = np.arange(n) % 3
x = (rng.normal(size=(n, 2)) + np.stack([1.5 * y, 1.5 * (y == 1)], axis=1)).astype(np.float32)
grid = rng.uniform(-2, 5, size=(40, 2)).astype(np.float32)
svc = SVC(C=2.0, kernel="rbf", gamma=0.7).fit(x, y)
t = (np.sin(x[:, 0]) + 0.3 * x[:, 1]).astype(np.float32)
svr = SVR(C=3.0, epsilon=0.1, kernel="rbf", gamma=0.5).fit(x, t)
oc = OneClassSVM(nu=0.2, kernel="rbf", gamma=0.3).fit(x)
json.dump({
    "features": x.ravel().tolist(), "rows": n, "labels": y.tolist(), "targets": t.tolist(), "grid": grid.ravel().tolist(),
    "svc_support": svc.n_support_.tolist(), "svc_predict": svc.predict(grid).tolist(),
    "svr_support": int(len(svr.support_)), "svr_predict": svr.predict(grid).tolist(),
    "oc_support": int(len(oc.support_)), "oc_decision": oc.decision_function(grid).tolist(),
}, open("svm.json", "w"), indent=1)
