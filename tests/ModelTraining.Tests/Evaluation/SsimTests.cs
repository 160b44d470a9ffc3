using System.Globalization;
using System.Runtime.InteropServices;
using DenoiseApi.Noise;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Tests.Fixtures;

namespace DenoiseApi.Training.Tests.Evaluation;

public sealed class SsimTests
{
    [Fact]
    public void IdenticalImagesScoreOne()
    {
        float[] image = Blob(0.2f);

        Assert.Equal(1.0, Ssim.Compute(image, image), 12);
    }

    [Fact]
    public void IsSymmetricAndBelowOneForNoise()
    {
        float[] clean = Blob(0.1f);
        float[] noisy = new float[clean.Length];
        var rng = new Xoshiro256(3);
        new GaussianNoise(0.3f).Apply(clean, noisy, ref rng);

        double ab = Ssim.Compute(clean, noisy);
        double ba = Ssim.Compute(noisy, clean);

        Assert.Equal(ab, ba, 12);
        Assert.InRange(ab, -1, 0.9);
    }

    [Fact]
    public void ConstantImagesFollowTheLuminanceTermAlone()
    {
        // With no variance anywhere, SSIM = (2ab + C1) / (a² + b² + C1) at every position.
        float a = 0.25f, b = 0.5f;
        double expected = ((2.0 * a * b) + Ssim.C1) / ((a * a) + (b * b) + Ssim.C1);

        Assert.Equal(expected, Ssim.Compute(Constant(a), Constant(b)), 9);
    }

    [Fact]
    public void WindowIsTheNormalisedGaussianWithSigmaOnePointFive()
    {
        ReadOnlySpan<double> w = Ssim.Window1D;

        Assert.Equal(11, w.Length);
        double sum = 0;
        foreach (double v in w)
        {
            sum += v;
        }

        Assert.Equal(1.0, sum, 12);
        Assert.Equal(Math.Exp(-1 / (2 * 1.5 * 1.5)), w[6] / w[5], 12);
    }

    [Fact]
    public void MatchesADirectTwoDimensionalNumpyImplementation()
    {
        // An independent implementation: the 2-D window as an outer product, applied position by position.
        const string script = """
            import sys, numpy as np
            raw = np.fromfile(sys.argv[1], dtype='<f4').astype(np.float64).reshape(-1, 2, 28, 28)
            g = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5 ** 2)); g /= g.sum(); w = np.outer(g, g)
            C1, C2 = 0.01 ** 2, 0.03 ** 2
            for pair in raw:
                x, y = pair
                vals = []
                for r in range(18):
                    for c in range(18):
                        px, py = x[r:r+11, c:c+11], y[r:r+11, c:c+11]
                        mx, my = (w * px).sum(), (w * py).sum()
                        vx = (w * (px - mx) ** 2).sum(); vy = (w * (py - my) ** 2).sum()
                        cxy = (w * (px - mx) * (py - my)).sum()
                        vals.append((2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2)))
                print(repr(float(np.mean(vals))))
            """;
        var pairs = new List<(float[] A, float[] B)>
        {
            (Blob(0.0f), Blob(0.0f)),
            (Blob(0.1f), Noised(Blob(0.1f), "gaussian:0.5", 1)),
            (Blob(0.0f), Noised(Blob(0.0f), "uniform:0.9", 2)),
            (Blob(0.2f), Noised(Blob(0.2f), "salt-pepper:0.2", 3)),
            (Noised(Constant(0.5f), "gaussian:0.2", 4), Noised(Constant(0.5f), "gaussian:0.2", 5)),
        };
        using var dir = new TempDirectory();
        string path = dir.File("pairs.f32");
        float[] all = pairs.SelectMany(p => p.A.Concat(p.B)).ToArray();
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(all.AsSpan()).ToArray());

        double[] expected = SystemPython.Run(script, path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();

        Assert.Equal(pairs.Count, expected.Length);
        for (int i = 0; i < pairs.Count; i++)
        {
            Assert.Equal(expected[i], Ssim.Compute(pairs[i].A, pairs[i].B), 9);
        }
    }

    [Fact]
    public void RejectsImagesSmallerThanTheWindow()
    {
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new float[100], new float[100], 10, 10));
    }

    /// <summary>A bright disc on a dark background, roughly digit-like.</summary>
    internal static float[] Blob(float background)
    {
        var image = new float[784];
        for (int r = 0; r < 28; r++)
        {
            for (int c = 0; c < 28; c++)
            {
                double d = Math.Sqrt(((r - 13.5) * (r - 13.5)) + ((c - 12) * (c - 12)));
                image[(r * 28) + c] = d < 8 ? (float)(1 - (d / 16)) : background;
            }
        }

        return image;
    }

    private static float[] Constant(float value) => Enumerable.Repeat(value, 784).ToArray();

    private static float[] Noised(float[] clean, string spec, ulong seed)
    {
        var noisy = new float[clean.Length];
        var rng = new Xoshiro256(seed);
        NoiseSpec.Parse(spec).Create().Apply(clean, noisy, ref rng);
        return noisy;
    }
}
