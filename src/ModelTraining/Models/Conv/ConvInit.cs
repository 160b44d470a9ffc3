using DenoiseApi.Training.Noise;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>Seeded weight initialisation for the convolution layers.</summary>
internal static class ConvInit
{
    /// <summary><paramref name="count"/> values uniform in ±<paramref name="bound"/>.</summary>
    public static float[] Uniform(int count, float bound, ref Xoshiro256 rng)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++) values[i] = (2f * rng.NextFloat() - 1f) * bound;
        return values;
    }
}
