#!/usr/bin/python3
"""PyTorch peer of the predict benchmark: single-image latency of the reference CNN in eval
mode without gradients, on Fashion-MNIST test images. Prints one JSON object."""
import json
import statistics
import sys
import time

import numpy as np
import torch

from engine import DATA, MEAN, STD, idx, reference_cnn  # noqa: F401  (same network and data reader)

if __name__ == "__main__":
    torch.set_num_threads(int(sys.argv[1]))
    images = idx(f"{DATA}/t10k-images-idx3-ubyte.gz")[:500].astype(np.float32) / 255.0
    x = torch.from_numpy(images).reshape(500, 1, 1, 28, 28)
    torch.manual_seed(0)
    model = reference_cnn().eval()
    times = []
    with torch.no_grad():
        # Warm up for a second, as the C# side does.
        start, i = time.perf_counter(), 0
        while time.perf_counter() - start < 1:
            torch.softmax(model(x[i % 500]), 1)
            i += 1
        for i in range(2000):
            t = time.perf_counter()
            probs = torch.softmax(model(x[i % 500]), 1)
            label = int(probs.argmax(1))
            times.append((time.perf_counter() - t) * 1e6)
    print(json.dumps({"row_us": statistics.median(times)}))
