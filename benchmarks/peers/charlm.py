#!/usr/bin/python3
"""PyTorch peer of the seq suite's character language model (SeqSuite.Options): the same vocabulary
(distinct characters in code-point order), 10% held-out tail, windows of 65 characters every 32,
Embedding(V, 32) - LSTM(32, 256) every step - Linear(256, V), Adam 2e-3 with per-step cosine decay,
gradient norm clipped to 5, batch 64; held-out windows of 64 characters of context. Prints one JSON object."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class CharRnn(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 32)
        self.rnn = nn.LSTM(32, 256, batch_first=True)
        self.head = nn.Linear(256, vocab)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        return self.head(out)


if __name__ == "__main__":
    path, n, threads, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    text = open(path, encoding="utf-8").read()[:n]
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.int64)
    t, v = 64, len(vocab)
    holdout = int(len(ids) * 0.1)
    train_len = len(ids) - holdout
    starts = torch.arange(0, train_len - t, t // 2)
    windows = torch.stack([ids[s:s + t + 1] for s in starts.tolist()])
    model = CharRnn(v)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = epochs * ((len(windows) + 63) // 64)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    gen = torch.Generator().manual_seed(1)
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(windows), generator=gen)
        for i in range(0, len(windows), 64):
            batch = windows[order[i:i + 64]]
            logits = model(batch[:, :t])
            loss = F.cross_entropy(logits.reshape(-1, v), batch[:, 1:].reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            schedule.step()
    train_s = time.perf_counter() - start
    model.eval()
    tail = ids[train_len:]
    nll, correct, positions = 0.0, 0, 0
    with torch.no_grad():
        for s in range(0, len(tail) - 1, t):
            length = min(t, len(tail) - 1 - s)
            logits = model(tail[s:s + length].unsqueeze(0))[0]
            target = tail[s + 1:s + 1 + length]
            nll += float(F.cross_entropy(logits, target, reduction="sum"))
            correct += int((logits.argmax(1) == target).sum())
            positions += length
    counts = torch.bincount(ids[:train_len], minlength=v).double()
    p = (counts + 1) / (train_len + v)
    unigram = math.exp(-float(torch.log(p[tail[1:]]).mean()))
    print(json.dumps({"train_s": train_s, "accuracy": correct / positions, "perplexity": math.exp(nll / positions), "unigram_perplexity": unigram}))
