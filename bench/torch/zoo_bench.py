#!/usr/bin/python3
"""PyTorch side of the zoo speed comparison (and, with --train-epochs, the test-loss parity check).

Builds the same architectures as the C# trainer's zoo (src/ModelTraining/Training/ZooCatalog.cs), trains them with
the same batch size, optimizer (Adam), loss and noise, and times training steps exactly like `ModelTraining bench-zoo`:
a few untimed warm-up steps, then N timed steps of noise + forward + loss + backward + Adam step on real MNIST batches.
Run it with Debian's interpreter (/usr/bin/python3, python3-torch 1.13, BLAS from libopenblas0-openmp).

--train-epochs N trains like `ModelTraining train-zoo --validation 0 --schedule Constant`: N full epochs over all
60,000 training digits in a fresh random order each epoch (the last, partial batch included), Adam with a constant
learning rate, fresh noise per batch; then it scores the model on the 10,000 test digits as the C# evaluation does
(denoisers: BCE, MSE and per-image PSNR on one fixed noisy copy of the test set; classifier: cross-entropy and
accuracy). --score-weights FILE scores the weights of a C# checkpoint (ModelCheckpoint.cs format) with the same code and
the same noisy test digits, so both sides' models are measured by one evaluator (bench/torch/parity.sh).
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


class ConvSkipDae(nn.Module):
    """The paper's conv DAE with U-Net-style additive skips (ConvSkipDenoiser.cs): the encoder's 28x28 and 14x14 maps
    are added to the decoder's upsampled maps of the same size (after the ConvTranspose's LeakyReLU), and a 28x28
    conv + LeakyReLU precedes the output conv."""

    def __init__(self, f=32, slope=0.1):
        super().__init__()
        # Attribute order = parameter order = the C# model's Parameters() order (checkpoints load by position).
        self.encode28 = same(1, f)
        self.encode14 = same(f, f)
        self.bottleneck = same(f, f)
        self.up14 = nn.ConvTranspose2d(f, f, 3, stride=2, padding=1, output_padding=1)
        self.decode14 = same(f, f)
        self.up28 = nn.ConvTranspose2d(f, f, 3, stride=2, padding=1, output_padding=1)
        self.decode28 = same(f, f)
        self.output = same(f, 1)
        self.slope = slope

    def forward(self, x):
        act = lambda t: F.leaky_relu(t, self.slope)
        e28 = act(self.encode28(x))
        e14 = act(self.encode14(F.max_pool2d(e28, 2)))
        latent = F.max_pool2d(e14, 2)
        d14 = act(self.decode14(act(self.up14(act(self.bottleneck(latent)))) + e14))
        return self.output(act(self.decode28(act(self.up28(d14)) + e28)))


class MlpClassifier(nn.Module):
    """The tutorials' MLP 784-h-h-10, ReLU between, logits out (softmax inside the loss)."""

    def __init__(self, hidden=256):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 10))

    def forward(self, x):
        return self.net(x)


class ConvClassifier(nn.Module):
    def __init__(self, c1=32, c2=64, hidden=128):
        super().__init__()
        self.net = nn.Sequential(same(1, c1), nn.ReLU(), nn.MaxPool2d(2), same(c1, c2), nn.ReLU(),
                                 same(c2, c2), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Flatten(), nn.Dropout(0.3), nn.Linear(7 * 7 * c2, hidden), nn.ReLU(), nn.Linear(hidden, 10))

    def forward(self, x):
        return self.net(x)


# name -> (factory, kind, noise (type, level), learning rate); mirrors the trainer's catalog (ModelRecipe.All, ZooCatalog.All)
ZOO = {
    "dense-dae-10": (lambda: DenseDae(10), "denoiser", ("gaussian", 0.1), 2e-3),
    "dense-dae-64": (lambda: DenseDae(64), "denoiser", ("uniform", 0.9), 2e-3),
    "deep-dense-dae": (lambda: DeepDenseDae(), "denoiser", ("gaussian", 0.5), 2e-3),
    "conv-dae-small": (lambda: ConvDaeSmall(), "denoiser", ("gaussian", 0.5), 3e-3),
    "conv-dae": (lambda: ConvDae(), "denoiser", ("gaussian", 0.5), 2e-3),
    "conv-dae-skip": (lambda: ConvSkipDae(), "denoiser", ("gaussian", 0.5), 2e-3),
    "conv-classifier": (lambda: ConvClassifier(), "classifier", None, 1e-3),
    "mlp-classifier": (lambda: MlpClassifier(), "classifier", None, 1e-3),
}

# The recipes' shift augmentation (TrainingOptions.MaxShift), which the C# step benchmark applies too.
MAX_SHIFT = {"conv-classifier": 2}


def add_noise(clean, noise):
    kind, level = noise
    if kind == "gaussian":
        return (clean + level * torch.randn_like(clean)).clamp_(0.0, 1.0)
    if kind == "uniform":
        return (clean + level * torch.rand_like(clean)).clamp_(0.0, 1.0)
    raise ValueError(kind)


def training_flops_per_image(model):
    """Same rule as TrainingFlops.cs: 2 FLOPs per multiply-add of every conv/linear product; forward + weight gradients +
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
    """Endless full batches in random order (the timing benchmark)."""
    while True:
        order = torch.randperm(images.shape[0], generator=generator)
        for start in range(0, images.shape[0] - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            yield images[idx], labels[idx]


def epoch_batches(images, labels, batch_size, generator):
    """One epoch in a fresh random order, the last batch smaller (469 batches of 60,000), like BatchSampler.Epoch."""
    order = torch.randperm(images.shape[0], generator=generator)
    for start in range(0, images.shape[0], batch_size):
        idx = order[start:start + batch_size]
        yield images[idx], labels[idx]


def random_shift(images, max_shift, generator):
    """Moves every image by whole pixels (dx, dy), each uniform in [-max, max], background 0 where uncovered
    (RandomShift.cs: destination(y, x) = source(y - dy, x - dx))."""
    if max_shift == 0:
        return images
    n, _, h, w = images.shape
    padded = F.pad(images, (max_shift, max_shift, max_shift, max_shift))
    offsets = torch.randint(-max_shift, max_shift + 1, (n, 2), generator=generator)
    out = torch.empty_like(images)
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            chosen = ((offsets[:, 0] == dx) & (offsets[:, 1] == dy)).nonzero(as_tuple=True)[0]
            if chosen.numel():
                out[chosen] = padded[chosen, :, max_shift - dy:max_shift - dy + h, max_shift - dx:max_shift - dx + w]
    return out


def make_step(name, model, optimizer, max_shift=0, generator=None):
    _, kind, noise, _ = ZOO[name]

    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        if kind == "denoiser":
            loss = F.binary_cross_entropy_with_logits(model(add_noise(x, noise)), x)
        else:
            loss = F.cross_entropy(model(random_shift(x, max_shift, generator)), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def bench(name, images, labels, batch_size, warmup, steps, seed):
    torch.manual_seed(seed)
    factory, _, _, lr = ZOO[name]
    model = factory()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    step = make_step(name, model, optimizer, MAX_SHIFT.get(name, 0), torch.Generator().manual_seed(seed + 1))
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


# ------------------------------------------------------------------------------------- training and test scores

EVALUATION_SEED = 2026  # as TrainingRun.EvaluationSeed (the draws differ: torch's generator, not Xoshiro256)
BCE_EPSILON = 1e-7      # ImageMetrics.BceEpsilon: probabilities clamped in float32 before the logarithms


def train_epochs(name, images, labels, batch_size, epochs, seed, lr=None, max_shift=0):
    """`epochs` full epochs, constant learning rate; returns the model, wall and CPU seconds per epoch (CPU: all
    threads of the process, like the C# trainer's "cpu" figure) and the last epoch's mean training loss."""
    torch.manual_seed(seed)
    factory, _, _, default_lr = ZOO[name]
    model = factory()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr or default_lr)
    generator = torch.Generator().manual_seed(seed)
    step = make_step(name, model, optimizer, max_shift, torch.Generator().manual_seed(seed + 1))
    start, cpu_start = time.perf_counter(), time.process_time()
    train_loss = float("nan")
    for _ in range(epochs):
        total, count = 0.0, 0
        for x, y in epoch_batches(images, labels, batch_size, generator):
            total += step(x, y).item() * x.shape[0]
            count += x.shape[0]
        train_loss = total / count
    return model, (time.perf_counter() - start) / epochs, (time.process_time() - cpu_start) / epochs, train_loss


def score(name, model, test_images, test_labels):
    """Test metrics as DenoiserEvaluation/ClassifierEvaluation compute them. Denoisers: on the test digits with the
    model's training noise (fixed draw), BCE of the sigmoid output clamped to [1e-7, 1 - 1e-7] in float32 (the
    C# metric), the same BCE from the logits (PyTorch's loss), MSE, and per-image PSNR capped at 100 dB averaged over
    images. Classifier: mean softmax cross-entropy and accuracy on the clean test digits."""
    _, kind, noise, _ = ZOO[name]
    model.eval()
    with torch.no_grad():
        if kind == "denoiser":
            torch.manual_seed(EVALUATION_SEED)
            noisy = add_noise(test_images, noise)
            logits = torch.cat([model(noisy[i:i + 1000]) for i in range(0, noisy.shape[0], 1000)])
            p = torch.sigmoid(logits).clamp(BCE_EPSILON, 1.0 - BCE_EPSILON)
            t = test_images
            bce = -(t.double() * torch.log(p).double() + (1 - t.double()) * torch.log(1 - p).double()).mean().item()
            bce_logits = F.binary_cross_entropy_with_logits(logits.double(), t.double()).item()
            mse_per_image = (torch.sigmoid(logits).double() - t.double()).pow(2).flatten(1).mean(1)
            psnr = torch.where(mse_per_image > 0, -10 * torch.log10(mse_per_image), torch.full_like(mse_per_image, 100.0))
            return {"loss": bce, "bce_logits": bce_logits, "mse": mse_per_image.mean().item(),
                    "psnr": psnr.clamp_max(100.0).mean().item()}
        logits = torch.cat([model(test_images[i:i + 1000]) for i in range(0, test_images.shape[0], 1000)])
        ce = F.cross_entropy(logits.double(), test_labels).item()
        accuracy = (logits.argmax(1) == test_labels).double().mean().item()
        return {"loss": ce, "accuracy": accuracy}


def load_checkpoint(model, path):
    """Loads a C# ModelCheckpoint (int32 tensor count, then per parameter int32 length and float32 values, in the C#
    model's Parameters() order, which is this model's parameters() order; the layouts are PyTorch's)."""
    with open(path, "rb") as f:
        data = f.read()
    (count,) = struct.unpack_from("<i", data, 0)
    parameters = list(model.parameters())
    if count != len(parameters):
        raise ValueError(f"{path} holds {count} tensors, the model has {len(parameters)}")
    offset = 4
    with torch.no_grad():
        for p in parameters:
            (length,) = struct.unpack_from("<i", data, offset)
            offset += 4
            if length != p.numel():
                raise ValueError(f"{path}: a tensor of {length} values where the model has {tuple(p.shape)}")
            values = np.frombuffer(data, dtype="<f4", count=length, offset=offset)
            p.copy_(torch.from_numpy(values.copy()).view_as(p))
            offset += 4 * length
    if offset != len(data):
        raise ValueError(f"{path}: {len(data) - offset} bytes left over")
    return model


def save_checkpoint(model, path):
    """Writes the weights in the C# ModelCheckpoint format (what load_checkpoint reads), for side-by-side inspection."""
    parameters = list(model.parameters())
    with open(path, "wb") as f:
        f.write(struct.pack("<i", len(parameters)))
        for p in parameters:
            f.write(struct.pack("<i", p.numel()))
            f.write(p.detach().contiguous().numpy().astype("<f4").tobytes())


def summary(scores):
    if "psnr" in scores:
        return (f"test BCE {scores['loss']:.5f} (from logits {scores['bce_logits']:.5f}) MSE {scores['mse']:.5f} "
                f"PSNR {scores['psnr']:.2f} dB")
    return f"test CE {scores['loss']:.5f} accuracy {100 * scores['accuracy']:.2f}%"


def result_line(side, name, epochs, seconds, cpu_seconds, train_loss, scores):
    """One machine-readable line for parity.sh: RESULT side=... model=... key=value ..."""
    fields = {"side": side, "model": name, "epochs": epochs, "s_per_epoch": f"{seconds:.2f}",
              "cpu_s_per_epoch": f"{cpu_seconds:.2f}", "train_loss": f"{train_loss:.6f}"}
    fields.update({k: f"{v:.6f}" for k, v in scores.items()})
    return "RESULT " + " ".join(f"{k}={v}" for k, v in fields.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", choices=sorted(ZOO), help="zoo models (default: all)")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--train-epochs", type=int, default=0, help="train full epochs and print the test scores instead")
    parser.add_argument("--lr", type=float, default=None, help="with --train-epochs: learning rate (default: the zoo's)")
    parser.add_argument("--max-shift", type=int, default=0,
                        help="with --train-epochs, classifier: shift augmentation of up to N pixels (RandomShift.cs)")
    parser.add_argument("--save-weights", metavar="FILE",
                        help="with --train-epochs and one --model: write the trained weights (C# checkpoint format)")
    parser.add_argument("--score-weights", metavar="FILE",
                        help="score a C# checkpoint of the (single) --model instead of training")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    directory = mnist_dir(args.data)
    names = args.model or list(ZOO)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn {torch.backends.mkldnn.is_available()}, "
          f"batch {args.batch_size}, epoch = {EPOCH_IMAGES:,} images")
    if args.score_weights or args.train_epochs > 0:
        test = load_idx_images(os.path.join(directory, "t10k-images-idx3-ubyte"))
        test_labels = load_idx_labels(os.path.join(directory, "t10k-labels-idx1-ubyte"))
    if (args.score_weights or args.save_weights) and len(names) != 1:
        parser.error("--score-weights and --save-weights need exactly one --model")
    if args.score_weights:
        model = load_checkpoint(ZOO[names[0]][0](), args.score_weights)
        scores = score(names[0], model, test, test_labels)
        print(f"{names[0]:<16} C# weights {args.score_weights}: {summary(scores)}")
        print(result_line("ours", names[0], 0, float("nan"), float("nan"), float("nan"), scores))
        return 0
    images = load_idx_images(os.path.join(directory, "train-images-idx3-ubyte"))
    labels = load_idx_labels(os.path.join(directory, "train-labels-idx1-ubyte"))
    if args.train_epochs > 0:
        for name in names:
            shift = args.max_shift if ZOO[name][1] == "classifier" else 0
            model, seconds, cpu_seconds, train_loss = train_epochs(name, images, labels, args.batch_size, args.train_epochs,
                                                      args.seed, args.lr, shift)
            scores = score(name, model, test, test_labels)
            if args.save_weights:
                save_checkpoint(model, args.save_weights)
            print(f"{name:<16} {args.train_epochs} epochs  {seconds:.2f} s/epoch (cpu {cpu_seconds:.2f} s)  train loss {train_loss:.5f}  "
                  f"{summary(scores)}" + (f"  (shift {shift})" if shift else ""))
            print(result_line("torch", name, args.train_epochs, seconds, cpu_seconds, train_loss, scores))
            sys.stdout.flush()
        return 0
    print(f"{args.steps} timed steps after {args.warmup} warm-up steps")
    print(f"{'model':<16} {'ms/step':>9} {'img/s':>9} {'s/epoch':>9} {'MFLOP/img':>10} {'GFLOP/s':>8}")
    for name in names:
        ms, ips, epoch, flops, gflops = bench(name, images, labels, args.batch_size, args.warmup, args.steps, 1)
        print(f"{name:<16} {ms:9.2f} {ips:9,.0f} {epoch:9.2f} {flops / 1e6:10.2f} {gflops:8.1f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
