using DenoiseApi.Noise;
using DenoiseApi.Training.Data;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Evaluates a denoiser on a dataset: noises every digit (reproducibly, see <see cref="NoisyTestSet"/>), runs the model
/// over the noisy digits in batches, and compares input and output with the clean digits.
/// </summary>
public static class DenoiserEvaluation
{
    /// <param name="data">Clean digits, usually the 10,000 test images.</param>
    /// <param name="noise">The corruption to remove.</param>
    /// <param name="seed">Seed of the noise.</param>
    /// <param name="denoise">Model inference: (n noisy images of 784 values, n) → n denoised images.</param>
    /// <param name="batchSize">Images per model call.</param>
    public static DenoiserMetrics Run(
        MnistDataset data, INoise noise, int seed, Func<ReadOnlyMemory<float>, int, float[]> denoise, int batchSize = BatchInference.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(denoise);
        float[] noisy = NoisyTestSet.Create(data, noise, seed);
        float[] denoised = BatchInference.Run(noisy, data.Count, MnistDataset.PixelCount, denoise, batchSize);
        return Measure(noise.Spec, data.Images, noisy, denoised, data.Count);
    }

    /// <summary>
    /// The metrics of given noisy and denoised images against the clean ones (each <paramref name="count"/> x 784
    /// values), computed per image in parallel and summed in image order, so the result does not depend on threads.
    /// </summary>
    public static DenoiserMetrics Measure(NoiseSpec noise, float[] clean, float[] noisy, float[] denoised, int count)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentNullException.ThrowIfNull(denoised);
        const int n = MnistDataset.PixelCount;
        if (clean.Length != count * n || noisy.Length != clean.Length || denoised.Length != clean.Length)
        {
            throw new ArgumentException(
                $"Expected {count} images of {n} values each; clean {clean.Length}, noisy {noisy.Length}, denoised {denoised.Length} values.");
        }

        if (count == 0)
        {
            throw new ArgumentException("Cannot evaluate on zero images.", nameof(count));
        }

        const int slots = 7; // mse, bce, mse_noisy, psnr_noisy, psnr_denoised, ssim_noisy, ssim_denoised
        var perImage = new double[slots * count];
        Parallel.For(0, count, i =>
        {
            ReadOnlySpan<float> c = clean.AsSpan(i * n, n);
            ReadOnlySpan<float> x = noisy.AsSpan(i * n, n);
            ReadOnlySpan<float> y = denoised.AsSpan(i * n, n);
            Span<double> slot = perImage.AsSpan(i * slots, slots);
            double mse = ImageMetrics.Mse(c, y);
            double mseNoisy = ImageMetrics.Mse(c, x);
            slot[0] = mse;
            slot[1] = ImageMetrics.Bce(c, y);
            slot[2] = mseNoisy;
            slot[3] = ImageMetrics.PsnrFromMse(mseNoisy);
            slot[4] = ImageMetrics.PsnrFromMse(mse);
            slot[5] = Ssim.Compute(c, x);
            slot[6] = Ssim.Compute(c, y);
        });

        Span<double> sums = stackalloc double[slots];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < slots; k++)
            {
                sums[k] += perImage[(i * slots) + k];
            }
        }

        return new DenoiserMetrics(
            noise, count,
            Mse: sums[0] / count,
            Bce: sums[1] / count,
            MseNoisy: sums[2] / count,
            PsnrNoisyDb: sums[3] / count,
            PsnrDenoisedDb: sums[4] / count,
            SsimNoisy: sums[5] / count,
            SsimDenoised: sums[6] / count);
    }
}
