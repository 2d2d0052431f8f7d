#!/usr/bin/python3
"""Records reference numbers for OptimizerGoldenTests with Debian's python3-torch (1.13).

Run from this folder:  /usr/bin/python3 make_optim_golden.py > optim_golden.json
Each optimizer case starts from fixed parameters, applies three steps with fixed
gradients and records the parameters after every step. The L-BFGS case minimizes a small
least-squares problem with a closure. Scheduler cases record the learning rate per step."""
import json
import torch

torch.set_default_dtype(torch.float64)
P0 = [[0.5, -1.2, 0.3], [2.0, 0.1, -0.7]]
P1 = [0.05, -0.3, 0.9]
GRADS = [
    ([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]], [0.01, 0.02, -0.03]),
    ([[-0.3, 0.1, 0.2], [0.0, 0.7, -0.1]], [0.5, -0.4, 0.2]),
    ([[0.2, 0.2, -0.6], [0.9, -0.3, 0.05]], [-0.1, 0.3, 0.3]),
]

OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adam_amsgrad_wd": lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1, amsgrad=True),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "rmsprop_centered_momentum": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01),
}


def optimizer_case(make):
    p0 = torch.tensor(P0, requires_grad=True)
    p1 = torch.tensor(P1, requires_grad=True)
    opt = make([p0, p1])
    after = []
    for g0, g1 in GRADS:
        p0.grad = torch.tensor(g0)
        p1.grad = torch.tensor(g1)
        opt.step()
        after.append({"p0": p0.detach().flatten().tolist(), "p1": p1.detach().tolist()})
    return after


def lbfgs_case():
    a = torch.tensor([[3.0, 1.0, 0.5], [1.0, 2.0, 0.0], [0.5, 0.0, 1.5], [1.0, 1.0, 1.0]])
    b = torch.tensor([1.0, -2.0, 0.5, 3.0])
    x = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
    opt = torch.optim.LBFGS([x], lr=1, max_iter=5, history_size=3)

    def closure():
        opt.zero_grad()
        loss = ((a @ x - b) ** 2).sum()
        loss.backward()
        return loss

    first = opt.step(closure).item()
    x1 = x.detach().tolist()
    opt.step(closure)
    return {"a": a.flatten().tolist(), "b": b.tolist(), "first_loss": first, "x_after_step1": x1, "x_after_step2": x.detach().tolist()}


def lrs(make_sched, steps=12, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make_sched(opt)
    out = [opt.param_groups[0]["lr"]]
    for i in range(steps):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
        out.append(opt.param_groups[0]["lr"])
    return out


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.93, 0.94, 0.8, 0.81, 0.82, 0.83, 0.7, 0.71, 0.72]
SCHEDULERS = {
    "step": lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    "multistep": lrs(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 5, 9], gamma=0.3)),
    "exponential": lrs(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
    "cosine": lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.01), steps=10),
    "onecycle": lrs(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=12, cycle_momentum=False), steps=11),
    "plateau": lrs(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1), metrics=PLATEAU_METRICS),
}

print(json.dumps({
    "torch_version": torch.__version__,
    "p0": P0, "p1": P1, "grads": GRADS,
    "optimizers": {name: optimizer_case(make) for name, make in OPTIMIZERS.items()},
    "lbfgs": lbfgs_case(),
    "schedulers": SCHEDULERS,
    "plateau_metrics": PLATEAU_METRICS,
}, indent=1))
