#!/usr/bin/python3
"""PyTorch peer of the engine benchmark: the same tasks as EngineWorker.cs, same model,
same data, same thread count. Prints one JSON object. Run by ./benchmarks/run engine."""
import gzip, json, statistics, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def reference_cnn():
    # Mirrors src/MlNetDeep.Torch/Models/ReferenceCnn.cs layer for layer.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def cnn():
    batch, warmup, steps = 128, 5, 40
    n = batch * (warmup + steps)
    images = idx(f"{DATA}/train-images-idx3-ubyte.gz")[:n]
    labels = idx(f"{DATA}/train-labels-idx1-ubyte.gz")[:n]
    x = torch.from_numpy(((images.astype(np.float32) / 255.0 - MEAN) / STD).astype(np.float32)).reshape(n, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    torch.manual_seed(0)
    model = reference_cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    times = []
    for i in range(warmup + steps):
        t = time.perf_counter()
        xb, yb = x[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch]
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= warmup:
            times.append((time.perf_counter() - t) * 1000)
    return {"step_ms": statistics.median(times)}


def gemm():
    n = 2048
    torch.manual_seed(0)
    a, b = torch.randn(n, n), torch.randn(n, n)
    times = []
    for i in range(33):
        t = time.perf_counter()
        c = a @ b
        if i >= 3:
            times.append(time.perf_counter() - t)
        del c
    return {"gemm_gflops": 2.0 * n ** 3 / statistics.median(times) / 1e9}


def add():
    a, b = torch.ones(1), torch.ones(1)
    n, best = 100_000, float("inf")
    for run in range(6):
        t = time.perf_counter()
        for _ in range(n):
            c = a + b
        if run > 0:
            best = min(best, (time.perf_counter() - t) * 1e6 / n)
    return {"add_us": best}


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    task, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    result = {"cnn": cnn, "gemm": gemm, "add": add}[task]()
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
