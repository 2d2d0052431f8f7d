"""The scikit-learn side of ./benchmarks/run automl: on the split the C# suite wrote (CSV, the
label in the last column), fits scikit-learn's default LogisticRegression, RandomForest,
HistGradientBoosting and SVC and prints their test accuracies (and the best) as JSON.

    python3 automl_tabular.py train.csv test.csv
"""
import json
import sys
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

warnings.filterwarnings("ignore")  # LogisticRegression's convergence warning at its default max_iter


def load(path):
    data = np.loadtxt(path, delimiter=",")
    return data[:, :-1], data[:, -1].astype(int)


x_train, y_train = load(sys.argv[1])
x_test, y_test = load(sys.argv[2])
models = {
    "logistic_regression": LogisticRegression(),
    "random_forest": RandomForestClassifier(random_state=0),
    "hist_gradient_boosting": HistGradientBoostingClassifier(random_state=0),
    "svc": SVC(),
}
scores = {name: float(m.fit(x_train, y_train).score(x_test, y_test)) for name, m in models.items()}
scores["best"] = max(scores.values())
print(json.dumps(scores))
