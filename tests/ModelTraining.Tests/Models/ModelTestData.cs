using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Models;

/// <summary>Image batches for model tests: pixels in [0,1], shaped [N,1,28,28].</summary>
internal static class ModelTestData
{
    public static float[] Pixels(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new float[count * 784];
        for (var i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        return data;
    }

    public static Tensor Batch(int count, int seed) => new(Pixels(count, seed), count, 1, 28, 28);

    /// <summary>Moves the weights away from their initial values so an export test does not pass by initial luck.</summary>
    public static void Perturb(DenoiseApi.Training.Engine.Module model, int seed)
    {
        var rng = new Random(seed);
        foreach (var p in model.Parameters())
        {
            for (var i = 0; i < p.Size; i++) p.Data[i] += (float)(rng.NextDouble() - 0.5) * 0.1f;
        }
    }
}
