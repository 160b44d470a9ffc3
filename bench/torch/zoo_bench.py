#!/usr/bin/python3
"""PyTorch side of the zoo speed comparison (and, with --train-epochs, the test-loss parity check).

Builds the same architectures as the C# trainer's zoo (src/ModelTraining/Models/Conv/ZooCatalog.cs), trains them with
the same batch size, optimizer (Adam), loss and noise, and times training steps exactly like `ModelTraining bench-zoo`:
a few untimed warm-up steps, then N timed steps of noise + forward + loss + backward + Adam step on real MNIST batches.
Run it with Debian's interpreter (/usr/bin/python3, python3-torch 1.13, BLAS from libopenblas0-openmp).
"""
import argparse
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

EPOCH_IMAGES = 60_000


def load_idx_images(path):
    with open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{path}: not an IDX image file")
        data = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8)
    return torch.from_numpy(data.reshape(count, 1, rows, cols).astype(np.float32) / 255.0)


def load_idx_labels(path):
    with open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic != 2049:
            raise ValueError(f"{path}: not an IDX label file")
        return torch.from_numpy(np.frombuffer(f.read(count), dtype=np.uint8).astype(np.int64))


def mnist_dir(explicit):
    if explicit:
        return explicit
    cache = os.environ.get("DENOISEAPI_CACHE", os.path.expanduser("~/.cache/denoiseapi"))
    return os.path.join(cache, "mnist")


# ----------------------------------------------------------------------------------------------- the zoo, as in C#

class DenseDae(nn.Module):
    """784-h-784, ReLU hidden, logits out (sigmoid inside the loss)."""

    def __init__(self, hidden):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU())
        self.decoder = nn.Linear(hidden, 784)

    def forward(self, x):
        return self.decoder(self.encoder(x)).view(-1, 1, 28, 28)


class DeepDenseDae(nn.Module):
    def __init__(self, widths=(128, 64, 32)):
        super().__init__()
        layers, prev = [nn.Flatten()], 784
        for w in widths:
            layers += [nn.Linear(prev, w), nn.ReLU()]
            prev = w
        self.encoder = nn.Sequential(*layers)
        up = []
        for w in reversed(widths[:-1]):
            up += [nn.Linear(prev, w), nn.ReLU()]
            prev = w
        up.append(nn.Linear(prev, 784))
        self.decoder = nn.Sequential(*up)

    def forward(self, x):
        return self.decoder(self.encoder(x)).view(-1, 1, 28, 28)


def same(cin, cout):
    return nn.Conv2d(cin, cout, 3, padding=1)


class ConvDaeSmall(nn.Module):
    """Five 3x3 same convolutions 1-16-8-8-16-1, ReLU between: 3,217 parameters."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(same(1, 16), nn.ReLU(), same(16, 8), nn.ReLU(), same(8, 8), nn.ReLU(),
                                 same(8, 16), nn.ReLU(), same(16, 1))

    def forward(self, x):
        return self.net(x)


class ConvDae(nn.Module):
    """The paper's conv DAE: two conv+maxpool stages to 7x7xF, conv, two stride-2 ConvTranspose, sigmoid conv."""

    def __init__(self, f=32, slope=0.1):
        super().__init__()
        self.encoder = nn.Sequential(same(1, f), nn.LeakyReLU(slope), nn.MaxPool2d(2),
                                     same(f, f), nn.LeakyReLU(slope), nn.MaxPool2d(2))
        self.decoder = nn.Sequential(same(f, f), nn.LeakyReLU(slope),
                                     nn.ConvTranspose2d(f, f, 3, stride=2, padding=1, output_padding=1), nn.LeakyReLU(slope),
                                     nn.ConvTranspose2d(f, f, 3, stride=2, padding=1, output_padding=1), nn.LeakyReLU(slope),
                                     same(f, 1))

    def forward(self, x):
        return self.decoder(self.encoder(x))


class ConvClassifier(nn.Module):
    def __init__(self, c1=32, c2=64, hidden=128):
        super().__init__()
        self.net = nn.Sequential(same(1, c1), nn.ReLU(), nn.MaxPool2d(2), same(c1, c2), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Flatten(), nn.Linear(7 * 7 * c2, hidden), nn.ReLU(), nn.Linear(hidden, 10))

    def forward(self, x):
        return self.net(x)


# name -> (factory, kind, noise (type, level), learning rate); mirrors ZooCatalog.All
ZOO = {
    "dense-dae-10": (lambda: DenseDae(10), "denoiser", ("gaussian", 0.1), 2e-3),
    "deep-dense-dae": (lambda: DeepDenseDae(), "denoiser", ("gaussian", 0.5), 2e-3),
    "conv-dae-small": (lambda: ConvDaeSmall(), "denoiser", ("gaussian", 0.5), 3e-3),
    "conv-dae": (lambda: ConvDae(), "denoiser", ("gaussian", 0.5), 2e-3),
    "conv-classifier": (lambda: ConvClassifier(), "classifier", None, 1e-3),
}


def add_noise(clean, noise):
    kind, level = noise
    if kind == "gaussian":
        return (clean + level * torch.randn_like(clean)).clamp_(0.0, 1.0)
    if kind == "uniform":
        return (clean + level * torch.rand_like(clean)).clamp_(0.0, 1.0)
    raise ValueError(kind)


def training_flops_per_image(model):
    """Same rule as ZooFlops.cs: 2 FLOPs per multiply-add of every conv/linear product; forward + weight gradients +
    input gradients of all but the first layer."""
    shapes = {}

    def hook(module, inputs, output):
        shapes[module] = (inputs[0].shape, output.shape)

    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    handles = [m.register_forward_hook(hook) for m in layers]
    with torch.no_grad():
        model(torch.zeros(1, 1, 28, 28))
    for h in handles:
        h.remove()
    forward = []
    for m in layers:
        inp, out = shapes[m]
        if isinstance(m, nn.Conv2d):
            forward.append(2 * m.out_channels * m.in_channels * m.kernel_size[0] * m.kernel_size[1] * out[2] * out[3])
        elif isinstance(m, nn.ConvTranspose2d):
            forward.append(2 * m.in_channels * m.out_channels * m.kernel_size[0] * m.kernel_size[1] * inp[2] * inp[3])
        else:
            forward.append(2 * m.in_features * m.out_features)
    return 2 * sum(forward) + sum(forward[1:])


def batches(images, labels, batch_size, generator):
    while True:
        order = torch.randperm(images.shape[0], generator=generator)
        for start in range(0, images.shape[0] - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            yield images[idx], labels[idx]


def make_step(name, model, optimizer):
    _, kind, noise, _ = ZOO[name]

    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        if kind == "denoiser":
            loss = F.binary_cross_entropy_with_logits(model(add_noise(x, noise)), x)
        else:
            loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def bench(name, images, labels, batch_size, warmup, steps, seed):
    torch.manual_seed(seed)
    factory, _, _, lr = ZOO[name]
    model = factory()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    step = make_step(name, model, optimizer)
    source = batches(images, labels, batch_size, torch.Generator().manual_seed(seed))
    for _ in range(warmup):
        step(*next(source))
    start = time.perf_counter()
    for _ in range(steps):
        step(*next(source))
    seconds = time.perf_counter() - start
    ips = steps * batch_size / seconds
    flops = training_flops_per_image(model)
    return seconds * 1000 / steps, ips, EPOCH_IMAGES / ips, flops, flops * ips / 1e9


def train_epochs(name, images, labels, test_images, batch_size, epochs, seed):
    """Full epochs, then the mean test loss on fixed Gaussian/uniform noisy test digits (denoisers) or test accuracy."""
    torch.manual_seed(seed)
    factory, kind, noise, lr = ZOO[name]
    model = factory()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    step = make_step(name, model, optimizer)
    generator = torch.Generator().manual_seed(seed)
    per_epoch = images.shape[0] // batch_size
    source = batches(images, labels, batch_size, generator)
    start = time.perf_counter()
    for _ in range(epochs * per_epoch):
        step(*next(source))
    seconds = (time.perf_counter() - start) / epochs
    with torch.no_grad():
        if kind == "denoiser":
            torch.manual_seed(2026)
            noisy = add_noise(test_images, noise)
            out = torch.cat([model(noisy[i:i + 1000]) for i in range(0, noisy.shape[0], 1000)])
            loss = F.binary_cross_entropy_with_logits(out, test_images).item()
            mse = F.mse_loss(torch.sigmoid(out), test_images, reduction="none").flatten(1).mean(1)
            psnr = (10 * torch.log10(1.0 / mse.clamp_min(1e-10))).mean().item()
            return seconds, f"test BCE {loss:.5f} PSNR {psnr:.2f} dB"
    return seconds, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", action="append", choices=sorted(ZOO), help="zoo models (default: all)")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default=None)
    parser.add_argument("--train-epochs", type=int, default=0, help="train full epochs and print the test loss instead")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    directory = mnist_dir(args.data)
    images = load_idx_images(os.path.join(directory, "train-images-idx3-ubyte"))
    labels = load_idx_labels(os.path.join(directory, "train-labels-idx1-ubyte"))
    names = args.model or list(ZOO)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn {torch.backends.mkldnn.is_available()}, "
          f"batch {args.batch_size}, {args.steps} timed steps, epoch = {EPOCH_IMAGES:,} images")
    if args.train_epochs > 0:
        test = load_idx_images(os.path.join(directory, "t10k-images-idx3-ubyte"))
        for name in names:
            seconds, summary = train_epochs(name, images, labels, test, args.batch_size, args.train_epochs, 1)
            print(f"{name:<16} {args.train_epochs} epochs  {seconds:.2f} s/epoch  {summary}")
        return 0
    print(f"{'model':<16} {'ms/step':>9} {'img/s':>9} {'s/epoch':>9} {'MFLOP/img':>10} {'GFLOP/s':>8}")
    for name in names:
        ms, ips, epoch, flops, gflops = bench(name, images, labels, args.batch_size, args.warmup, args.steps, 1)
        print(f"{name:<16} {ms:9.2f} {ips:9,.0f} {epoch:9.2f} {flops / 1e6:10.2f} {gflops:8.1f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
