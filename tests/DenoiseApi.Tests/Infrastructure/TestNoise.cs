namespace DenoiseApi.Tests.Infrastructure;

/// <summary>The tests' own seeded noise and image quality (named apart from the DenoiseApi.Noise library).</summary>
public static class TestNoise
{
    /// <summary><c>clip(x + sigma * N(0, 1))</c> with a seeded generator (Box-Muller).</summary>
    public static float[] Gaussian(float[] clean, float sigma, Random random)
    {
        var noisy = new float[clean.Length];
        for (var i = 0; i < clean.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            noisy[i] = Math.Clamp(clean[i] + (sigma * (float)normal), 0f, 1f);
        }
        return noisy;
    }

    /// <summary>Peak signal-to-noise ratio in dB for images in [0, 1].</summary>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> image)
    {
        double sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var d = reference[i] - image[i];
            sum += d * d;
        }
        var mse = Math.Max(sum / reference.Length, 1e-10);
        return 10 * Math.Log10(1 / mse);
    }

    /// <summary>Pixels quantized to 8 bits, as they travel in a PNG.</summary>
    public static float[] Quantize(float[] pixels) => [.. pixels.Select(p => MathF.Round(p * 255f) / 255f)];
}
