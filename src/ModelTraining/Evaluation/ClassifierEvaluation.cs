using DenoiseApi.Noise;
using DenoiseApi.Training.Data;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Evaluates a classifier on clean digits, on the same digits noised (reproducibly, see <see cref="NoisyTestSet"/>),
/// and optionally on those noisy digits after a denoiser.
/// </summary>
public static class ClassifierEvaluation
{
    /// <param name="data">Clean digits with labels, usually the 10,000 test images.</param>
    /// <param name="noise">The corruption for the noisy accuracy.</param>
    /// <param name="seed">Seed of the noise.</param>
    /// <param name="classify">Model inference: (n images, n) → n rows of 10 class probabilities (or logits).</param>
    /// <param name="denoise">Optional denoiser run on the noisy digits before classifying them.</param>
    /// <param name="batchSize">Images per model call.</param>
    public static ClassifierMetrics Run(
        MnistDataset data,
        INoise noise,
        int seed,
        Func<ReadOnlyMemory<float>, int, float[]> classify,
        Func<ReadOnlyMemory<float>, int, float[]>? denoise = null,
        int batchSize = BatchInference.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classify);
        return Run(data, noise, seed, classify, denoise, batchSize, Accuracy(data.Images, data.Labels, classify, batchSize));
    }

    /// <summary>
    /// <see cref="Run(MnistDataset, INoise, int, Func{ReadOnlyMemory{float}, int, float[]}, Func{ReadOnlyMemory{float}, int, float[]}?, int)"/>
    /// on each of <paramref name="noises"/>, the clean accuracy measured once for all of them.
    /// </summary>
    public static IReadOnlyList<ClassifierMetrics> RunAll(
        MnistDataset data,
        IEnumerable<NoiseSpec> noises,
        int seed,
        Func<ReadOnlyMemory<float>, int, float[]> classify,
        Func<ReadOnlyMemory<float>, int, float[]>? denoise = null,
        int batchSize = BatchInference.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(noises);
        ArgumentNullException.ThrowIfNull(classify);
        double clean = Accuracy(data.Images, data.Labels, classify, batchSize);
        return [.. noises.Select(n => Run(data, n.Create(), seed, classify, denoise, batchSize, clean))];
    }

    private static ClassifierMetrics Run(
        MnistDataset data,
        INoise noise,
        int seed,
        Func<ReadOnlyMemory<float>, int, float[]> classify,
        Func<ReadOnlyMemory<float>, int, float[]>? denoise,
        int batchSize,
        double clean)
    {
        ArgumentNullException.ThrowIfNull(noise);
        float[] noisy = NoisyTestSet.Create(data, noise, seed);
        double noisyAccuracy = Accuracy(noisy, data.Labels, classify, batchSize);
        double? denoisedAccuracy = null;
        if (denoise is not null)
        {
            float[] restored = BatchInference.Run(noisy, data.Count, MnistDataset.PixelCount, denoise, batchSize);
            denoisedAccuracy = Accuracy(restored, data.Labels, classify, batchSize);
        }

        return new ClassifierMetrics(noise.Spec, data.Count, clean, noisyAccuracy, denoisedAccuracy);
    }

    /// <summary>Accuracy of <paramref name="classify"/> on images (labels.Length x 784 values).</summary>
    public static double Accuracy(
        ReadOnlyMemory<float> images, ReadOnlySpan<byte> labels, Func<ReadOnlyMemory<float>, int, float[]> classify, int batchSize = BatchInference.DefaultBatchSize)
    {
        float[] scores = BatchInference.Run(images, labels.Length, MnistDataset.ClassCount, classify, batchSize);
        return Classification.Accuracy(scores, labels, MnistDataset.ClassCount);
    }
}
