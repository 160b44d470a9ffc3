using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Denoising: the input is the clean digit with fresh noise (per epoch and image), the target the clean digit.
/// Validation uses one fixed noisy copy of the validation set and the model's own loss.
/// </summary>
public sealed class DenoiserTask(DenoiserModel model, NoiseSpec noise, int seed) : ITrainingTask
{
    private const int Pixels = MnistDataset.PixelCount;
    private readonly INoise noiseFunction = noise.Create();
    private readonly BatchBuffers buffers = new();
    private float[]? validationNoisy;
    private MnistDataset? validationFor;

    public Module Model => model;

    public string LossName => "binary cross-entropy";

    public Tensor BatchLoss(MnistDataset data, ReadOnlySpan<int> indices, int epoch)
    {
        var n = indices.Length;
        var (clean, noisy, _) = buffers.For(n, Pixels);
        BatchSampler.Gather(indices, data, clean);
        NoiseBatch.Apply(noiseFunction, clean, noisy, Pixels, indices, seed, epoch);
        return model.Loss(new Tensor(noisy, n, 1, 28, 28), new Tensor(clean, n, 1, 28, 28));
    }

    public (double Loss, string Summary) Validate(MnistDataset validation)
    {
        if (!ReferenceEquals(validation, validationFor))
        {
            validationNoisy = NoisyTestSet.Create(validation, noiseFunction, seed);
            validationFor = validation;
        }
        using var _ = GradMode.Disable();
        const int chunk = 1000;
        double total = 0;
        for (var start = 0; start < validation.Count; start += chunk)
        {
            var n = Math.Min(chunk, validation.Count - start);
            var noisy = new Tensor(validationNoisy.AsSpan(start * Pixels, n * Pixels).ToArray(), n, 1, 28, 28);
            var clean = new Tensor(validation.Images.AsSpan(start * Pixels, n * Pixels).ToArray(), n, 1, 28, 28);
            total += model.Loss(noisy, clean).Item() * (double)n;
        }
        var loss = total / validation.Count;
        return (loss, string.Create(CultureInfo.InvariantCulture, $"val BCE {loss:F5}"));
    }
}
