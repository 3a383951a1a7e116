"""PyTorch on the CPU, the same GAN steps as GAN Studio's engine: for `npm run bench` (scripts/bench.ts).

One step = one discriminator update on a real and a generated batch, then one generator update
with the generator's forward pass done afresh (as the engine does). Binary cross-entropy on logits,
Adam with the experiment's learning rate and beta1. The real batch is drawn each step from 10,000
fixed samples in [-1, 1]: the values do not change the work.

Usage: python3 bench_torch.py MODEL FROM TO THREADS   (MODEL: mnist-dense or mnist-dcgan;
THREADS: 0 for PyTorch's default). Prints one JSON line: steps/s between steps FROM and TO.
"""
import json
import sys
import time

import torch
from torch import nn


def dense_gan():
    g = nn.Sequential(
        nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 784), nn.Tanh()
    )
    d = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1))
    return g, d, (784,)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


def dcgan():
    # padding 1 with kernel 4 and stride 2 is TensorFlow's "same" for these sizes (7 -> 14 -> 28).
    g = nn.Sequential(
        nn.Linear(100, 3136),
        nn.LeakyReLU(0.2),
        Reshape(64, 7, 7),
        nn.ConvTranspose2d(64, 32, 4, 2, 1),
        nn.LeakyReLU(0.2),
        nn.ConvTranspose2d(32, 1, 4, 2, 1),
        nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, 32, 4, 2, 1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(32, 64, 4, 2, 1),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(3136, 1),
    )
    return g, d, (1, 28, 28)


def blas_library():
    """The BLAS the process loaded: Debian's PyTorch calls whichever libblas.so.3 the system's
    alternative points to (the reference BLAS is many times slower than OpenBLAS)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(paths)) or "built in"
    except OSError:
        return "unknown"


def main():
    model, start, end, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(1)
    g, d, sample_shape = dense_gan() if model == "mnist-dense" else dcgan()
    batch, lr = 64, 2e-4
    g_opt = torch.optim.Adam(g.parameters(), lr=lr, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(d.parameters(), lr=lr, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    data = torch.rand(10000, *sample_shape) * 2 - 1
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
    t0 = None
    for step in range(1, end + 1):
        real = data[torch.randint(0, data.shape[0], (batch,))]
        fake = g(torch.randn(batch, 100)).detach()
        d_opt.zero_grad()
        d_loss = bce(d(real), ones) + bce(d(fake), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = bce(d(g(torch.randn(batch, 100))), ones)
        g_loss.backward()
        g_opt.step()
        if step % 10 == 0:
            g_loss.item()  # the engine reads its losses back on logged steps
        if step == start:
            t0 = time.perf_counter()
    rate = (end - start) / (time.perf_counter() - t0)
    print(
        json.dumps(
            {
                "stepsPerSecond": rate,
                "threads": torch.get_num_threads(),
                "version": torch.__version__,
                "blas": blas_library(),
            }
        )
    )


if __name__ == "__main__":
    main()
