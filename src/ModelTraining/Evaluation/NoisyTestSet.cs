using DenoiseApi.Noise;
using DenoiseApi.Training.Data;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// The noisy copy of a dataset that evaluations use: image i is noised with the stream (seed, <see cref="Round"/>, i),
/// so every evaluation with the same seed and noise sees exactly the same noisy digits, whatever the batch size.
/// </summary>
public static class NoisyTestSet
{
    /// <summary>The noise round reserved for evaluation (training rounds are epoch numbers from 0 up).</summary>
    public const long Round = -1;

    public static float[] Create(MnistDataset data, INoise noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(noise);
        var noisy = new float[data.Images.Length];
        NoiseBatch.ApplyAll(noise, data.Images, noisy, MnistDataset.PixelCount, seed, Round);
        return noisy;
    }
}
