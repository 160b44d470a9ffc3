using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Classification with cross-entropy. With a maximum shift, every training digit is first moved by a random offset of
/// up to that many pixels (<see cref="TorchShift"/>). Optionally a fraction of every batch is replaced by noisy digits
/// passed through a trained denoiser, so the classifier also learns the denoiser's output style — the denoise→classify
/// pipeline of the tutorials. Validation: error rate on held-out digits (see <see cref="Validate"/>).
/// </summary>
public sealed class ClassifierTask : ITrainingTask, IDisposable
{
    private readonly ClassifierModel model;
    private readonly ClassifierAugmentation? augmentation;
    private readonly int seed;
    private readonly int maxShift;
    private readonly Device device;
    private (MnistDataset For, Tensor Clean, Tensor? Denoised, Tensor Labels)? validationSet;

    public ClassifierTask(ClassifierModel model, int seed, Device device, ClassifierAugmentation? augmentation = null, int maxShift = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        this.model = model;
        this.seed = seed;
        this.device = device;
        this.maxShift = maxShift;
        this.augmentation = augmentation;
    }

    public ImageModel Model => model;

    public string LossName => "softmax cross-entropy";

    public Tensor BatchLoss(MnistTensors data, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indices);
        var images = TorchShift.Random(data.ImagesAt(indices), maxShift);
        var n = images.shape[0];
        if (augmentation is not null && (long)Math.Round(n * augmentation.Fraction) is var replaced and > 0)
        {
            // The last `replaced` images of the (shuffled) batch become denoised noisy versions of themselves.
            var from = n - replaced;
            using (no_grad())
            {
                var denoised = augmentation.Denoiser.forward(TorchNoise.Apply(augmentation.Noise, images.narrow(0, from, replaced)));
                images = cat([images.narrow(0, 0, from), denoised], 0);
            }
        }
        return model.Loss(images, data.LabelsAt(indices));
    }

    /// <summary>
    /// Validation score = error rate (what the quality targets measure), with a thousandth of the cross-entropy to break
    /// ties. With augmentation it is the mean over clean and denoised-noisy validation digits, the two uses the
    /// classifier is shipped for.
    /// </summary>
    public (double Loss, string Summary) Validate(MnistDataset validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var set = ValidationSet(validation);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (cleanError, cleanLoss) = Score(set.Clean, set.Labels);
        if (set.Denoised is null)
        {
            return (cleanError + 1e-3 * cleanLoss, string.Create(CultureInfo.InvariantCulture, $"val CE {cleanLoss:F5} acc {1 - cleanError:P2}"));
        }
        var (denoisedError, denoisedLoss) = Score(set.Denoised, set.Labels);
        var score = (cleanError + denoisedError) / 2 + 1e-3 * (cleanLoss + denoisedLoss) / 2;
        return (score, string.Create(CultureInfo.InvariantCulture, $"val CE {cleanLoss:F5} acc {1 - cleanError:P2} denoised CE {denoisedLoss:F5} acc {1 - denoisedError:P2}"));
    }

    public void Dispose()
    {
        if (validationSet is { } set)
        {
            set.Clean.Dispose();
            set.Denoised?.Dispose();
            set.Labels.Dispose();
            validationSet = null;
        }
    }

    private (MnistDataset For, Tensor Clean, Tensor? Denoised, Tensor Labels) ValidationSet(MnistDataset validation)
    {
        if (validationSet is { } cached && ReferenceEquals(cached.For, validation)) return cached;
        Dispose();
        using var scope = NewDisposeScope();
        var labels = tensor(validation.Labels.Select(l => (long)l).ToArray(), [validation.Count]).to(device);
        var clean = tensor(validation.Images, [validation.Count, 1, 28, 28]).to(device);
        Tensor? denoised = null;
        if (augmentation is not null)
        {
            var noisy = tensor(NoisyTestSet.Create(validation, augmentation.Noise.Create(), seed), [validation.Count, 1, 28, 28]).to(device);
            using var _ = no_grad();
            denoised = augmentation.Denoiser.forward(noisy).DetachFromDisposeScope();
        }
        var set = (validation, clean.DetachFromDisposeScope(), denoised, labels.DetachFromDisposeScope());
        validationSet = set;
        return set;
    }

    private (double Error, double Loss) Score(Tensor images, Tensor labels)
    {
        const int chunk = 1000;
        var count = images.shape[0];
        var loss = zeros(1, dtype: ScalarType.Float64, device: device);
        var correct = zeros(1, dtype: ScalarType.Int64, device: device);
        for (long start = 0; start < count; start += chunk)
        {
            var n = Math.Min(chunk, count - start);
            var logits = model.Logits(Models.Graph.TensorGraph.Instance, images.narrow(0, start, n));
            var target = labels.narrow(0, start, n);
            loss.add_(nn.functional.cross_entropy(logits, target).to_type(ScalarType.Float64).mul(n));
            correct.add_(logits.argmax(1).eq(target).sum());
        }
        return (1 - correct.item<long>() / (double)count, loss.item<double>() / count);
    }
}

/// <summary>Train the classifier partly on denoised noisy digits: <see cref="Fraction"/> of each batch.</summary>
public sealed record ClassifierAugmentation(DenoiserModel Denoiser, NoiseSpec Noise, double Fraction)
{
    public double Fraction { get; } = Fraction is >= 0 and <= 1 ? Fraction : throw new ArgumentOutOfRangeException(nameof(Fraction), Fraction, "Fraction must be in [0, 1].");
}
