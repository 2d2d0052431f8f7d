#!/usr/bin/python3
"""Golden values for LinearSvmTests: scikit-learn's LinearSVC (liblinear's dual solver, converged
tightly) on the data of logreg.json, written to linearsvm.json. Rerun with /usr/bin/python3 linearsvm.py."""
import json

import numpy as np
from sklearn.svm import LinearSVC

g = json.load(open("logreg.json"))
x = np.array(g["features"], dtype=np.float32).reshape(g["rows"], g["columns"]).astype(np.float64)
multi = LinearSVC(C=0.5, loss="squared_hinge", tol=1e-10, max_iter=1000000).fit(x, np.array(g["multiclass_labels"]))
binary = LinearSVC(C=2.0, loss="hinge", tol=1e-10, max_iter=1000000).fit(x, np.array(g["binary_labels"]))
json.dump({"multiclass_coef": multi.coef_.ravel().tolist(), "multiclass_intercept": multi.intercept_.tolist(),
           "binary_coef": binary.coef_.ravel().tolist(), "binary_intercept": binary.intercept_.tolist()}, open("linearsvm.json", "w"), indent=1)
