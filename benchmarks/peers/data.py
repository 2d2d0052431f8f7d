#!/usr/bin/python3
"""pandas peer of the data benchmark: times pandas.read_csv on the same generated file.
Prints one JSON object. Run by ./benchmarks/run data."""
import json
import sys
import time

import pandas as pd

if __name__ == "__main__":
    task, path = sys.argv[1], sys.argv[2]
    assert task == "csv"
    t = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "rows": len(frame)}))
