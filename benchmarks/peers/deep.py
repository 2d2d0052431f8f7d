#!/usr/bin/python3
"""PyTorch peer of the deep benchmark: the same architectures, epochs, batch size (128),
optimizer (Adam with per-step cosine decay to 0), data scaling (pixel / 255) and per-model recipe
(learning rate, label smoothing, and for the CNN pad-2 random-crop augmentation) as DeepWorker.cs. Prints one JSON object."""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from engine import DATA, idx, reference_cnn


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
                         nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


class GruRows(nn.Module):
    """A GRU reading a 28x28 image as 28 steps of 28 pixels; its final hidden state feeds a linear layer (NetworkSpec.Recurrent)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(28, 128, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        _, h = self.rnn(x.reshape(x.shape[0], -1, 28))
        return self.head(h[-1])


# model -> (learning rate, label smoothing, augmentation); epochs come from the command line.
RECIPES = {"cnn": (1e-3, 0.1, True), "mlp": (1e-3, 0.0, False), "lenet5": (3e-3, 0.1, False), "rnn_rows": (2e-3, 0.0, False)}


def augment(x, gen):
    # Pad by 2 and crop back at a random offset per image.
    n = x.shape[0]
    padded = F.pad(x, (2, 2, 2, 2))
    offsets = torch.randint(0, 5, (n, 2), generator=gen)
    out = torch.stack([padded[i, :, offsets[i, 0]:offsets[i, 0] + 28, offsets[i, 1]:offsets[i, 1] + 28] for i in range(n)])
    return out


if __name__ == "__main__":
    model_name, epochs, limit, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    x = torch.from_numpy(idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64))
    if limit > 0:
        x, y = x[:limit], y[:limit]
    xt = torch.from_numpy(idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    yt = torch.from_numpy(idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    model = {"cnn": reference_cnn, "mlp": mlp, "lenet5": lenet5, "rnn_rows": GruRows}[model_name]()
    lr, smoothing, augmented = RECIPES[model_name]
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * ((len(x) + 127) // 128)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)  # stepped per batch, to 0
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 128):
            idx_b = order[i:i + 128]
            xb, yb = x[idx_b], y[idx_b]
            if augmented:
                xb = augment(xb, gen)
            loss = F.cross_entropy(model(xb), yb, label_smoothing=smoothing)
            opt.zero_grad()
            loss.backward()
            opt.step()
            schedule.step()
    train_s = time.perf_counter() - start
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(xt), 1000):
            correct += int((model(xt[i:i + 1000]).argmax(1) == yt[i:i + 1000]).sum())
    print(json.dumps({"train_s": train_s, "test_accuracy": correct / len(xt)}))
