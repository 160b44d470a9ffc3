using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Classification with softmax cross-entropy. Optionally a fraction of every batch is replaced by noisy digits passed
/// through a trained denoiser (fresh noise per epoch), so the classifier also learns the denoiser's output style — the
/// denoise→classify pipeline of the tutorials. With a maximum shift, every training digit is first moved by a random
/// offset of up to that many pixels (<see cref="RandomShift"/>, fresh per epoch). Validation: error rate on held-out digits (see <see cref="Validate"/>).
/// </summary>
public sealed class ClassifierTask : ITrainingTask
{
    private const int Pixels = MnistDataset.PixelCount;
    private readonly ClassifierModel model;
    private readonly ClassifierAugmentation? augmentation;
    private readonly INoise? augmentationNoise;
    private readonly int seed;
    private readonly int maxShift;
    private readonly BatchBuffers buffers = new();
    private float[]? denoisedValidation;
    private MnistDataset? denoisedFor;

    public ClassifierTask(ClassifierModel model, int seed, ClassifierAugmentation? augmentation = null, int maxShift = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        this.model = model;
        this.seed = seed;
        this.maxShift = maxShift;
        this.augmentation = augmentation;
        augmentationNoise = augmentation?.Noise.Create();
    }

    public Module Model => model;

    public string LossName => "softmax cross-entropy";

    public Tensor BatchLoss(MnistDataset data, ReadOnlySpan<int> indices, int epoch)
    {
        var n = indices.Length;
        var (images, noisy, labels) = buffers.For(n, Pixels);
        BatchSampler.Gather(indices, data, images);
        BatchSampler.GatherLabels(indices, data, labels);
        RandomShift.Apply(images, MnistDataset.Rows, indices, maxShift, seed, epoch);
        if (augmentation is not null && augmentationNoise is not null)
        {
            var replaced = (int)Math.Round(n * augmentation.Fraction);
            if (replaced > 0)
            {
                // The last `replaced` images of the (shuffled) batch become denoised noisy versions of themselves.
                var from = n - replaced;
                NoiseBatch.Apply(augmentationNoise, images.AsSpan(from * Pixels), noisy, Pixels, indices[from..], seed, epoch);
                augmentation.Denoiser.Infer(noisy, replaced, images.AsSpan(from * Pixels, replaced * Pixels));
            }
        }
        return model.Loss(new Tensor(images, n, 1, 28, 28), labels);
    }

    /// <summary>
    /// Validation score = error rate (what the quality targets measure), with a thousandth of the cross-entropy to break
    /// ties. With augmentation it is the mean over clean and denoised-noisy validation digits, the two uses the
    /// classifier is shipped for.
    /// </summary>
    public (double Loss, string Summary) Validate(MnistDataset validation)
    {
        var (cleanError, cleanLoss) = Score(validation.Images, validation);
        if (augmentation is null || augmentationNoise is null)
        {
            return (cleanError + 1e-3 * cleanLoss, string.Create(CultureInfo.InvariantCulture, $"val CE {cleanLoss:F5} acc {1 - cleanError:P2}"));
        }
        if (!ReferenceEquals(validation, denoisedFor))
        {
            var noisy = NoisyTestSet.Create(validation, augmentationNoise, seed);
            denoisedValidation = new float[noisy.Length];
            augmentation.Denoiser.Infer(noisy, validation.Count, denoisedValidation);
            denoisedFor = validation;
        }
        var (denoisedError, denoisedLoss) = Score(denoisedValidation!, validation);
        var score = (cleanError + denoisedError) / 2 + 1e-3 * (cleanLoss + denoisedLoss) / 2;
        return (score, string.Create(CultureInfo.InvariantCulture, $"val CE {cleanLoss:F5} acc {1 - cleanError:P2} denoised CE {denoisedLoss:F5} acc {1 - denoisedError:P2}"));
    }

    private (double Error, double Loss) Score(float[] images, MnistDataset validation)
    {
        using var _ = GradMode.Disable();
        const int chunk = 1000;
        double total = 0;
        var scores = new float[validation.Count * ClassifierModel.ClassCount];
        for (var start = 0; start < validation.Count; start += chunk)
        {
            var n = Math.Min(chunk, validation.Count - start);
            var batch = new Tensor(images.AsSpan(start * Pixels, n * Pixels).ToArray(), n, 1, 28, 28);
            var labels = new int[n];
            for (var i = 0; i < n; i++) labels[i] = validation.Labels[start + i];
            var logits = model.Logits(batch);
            total += Ops.SoftmaxCrossEntropy(logits, labels).Item() * (double)n;
            logits.Data.CopyTo(scores, start * ClassifierModel.ClassCount);
        }
        var accuracy = Classification.Accuracy(scores, validation.Labels, ClassifierModel.ClassCount);
        return (1 - accuracy, total / validation.Count);
    }
}

/// <summary>Train the classifier partly on denoised noisy digits: <see cref="Fraction"/> of each batch.</summary>
public sealed record ClassifierAugmentation(DenoiserModel Denoiser, NoiseSpec Noise, double Fraction)
{
    public double Fraction { get; } = Fraction is >= 0 and <= 1 ? Fraction : throw new ArgumentOutOfRangeException(nameof(Fraction), Fraction, "Fraction must be in [0, 1].");
}
