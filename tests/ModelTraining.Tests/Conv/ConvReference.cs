namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// Textbook definitions of the convolution ops as plain nested loops in double precision, written from the formulas
/// (not from the engine's im2col code), for the engine's results to be compared against.
/// </summary>
internal static class ConvReference
{
    /// <summary>y[n,f,i,j] = b[f] + Σ W[f,c,u,v]·x[n,c,i·s+u−pt, j·s+v−pl].</summary>
    public static float[] Conv2d(
        float[] x, int n, int c, int h, int w, float[] weight, int f, int kh, int kw, float[]? bias,
        int stride, int padTop, int padLeft, int oh, int ow)
    {
        var y = new float[n * f * oh * ow];
        for (var b = 0; b < n; b++)
        for (var o = 0; o < f; o++)
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            double sum = bias?[o] ?? 0;
            for (var ch = 0; ch < c; ch++)
            for (var u = 0; u < kh; u++)
            for (var v = 0; v < kw; v++)
            {
                int iy = i * stride + u - padTop, ix = j * stride + v - padLeft;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum += (double)weight[((o * c + ch) * kh + u) * kw + v] * x[((b * c + ch) * h + iy) * w + ix];
            }
            y[((b * f + o) * oh + i) * ow + j] = (float)sum;
        }
        return y;
    }

    /// <summary>Every input pixel scatters W[c,f,·,·]·x into y at (i·s+u−pt, j·s+v−pl), cropped to oh×ow.</summary>
    public static float[] ConvTranspose2d(
        float[] x, int n, int c, int h, int w, float[] weight, int f, int kh, int kw, float[]? bias,
        int stride, int padTop, int padLeft, int oh, int ow)
    {
        var acc = new double[n * f * oh * ow];
        for (var b = 0; b < n; b++)
        for (var o = 0; o < f; o++)
        for (var p = 0; p < oh * ow; p++) acc[(b * f + o) * oh * ow + p] = bias?[o] ?? 0;
        for (var b = 0; b < n; b++)
        for (var ch = 0; ch < c; ch++)
        for (var i = 0; i < h; i++)
        for (var j = 0; j < w; j++)
        {
            double value = x[((b * c + ch) * h + i) * w + j];
            for (var o = 0; o < f; o++)
            for (var u = 0; u < kh; u++)
            for (var v = 0; v < kw; v++)
            {
                int oy = i * stride + u - padTop, ox = j * stride + v - padLeft;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                acc[((b * f + o) * oh + oy) * ow + ox] += value * weight[((ch * f + o) * kh + u) * kw + v];
            }
        }
        return acc.Select(v => (float)v).ToArray();
    }

    /// <summary>Maximum of each k×k window at stride s (floor mode).</summary>
    public static float[] MaxPool2d(float[] x, int n, int c, int h, int w, int k, int stride)
    {
        int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
        var y = new float[n * c * oh * ow];
        for (var p = 0; p < n * c; p++)
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            var best = float.NegativeInfinity;
            for (var u = 0; u < k; u++)
            for (var v = 0; v < k; v++) best = Math.Max(best, x[(p * h + i * stride + u) * w + j * stride + v]);
            y[(p * oh + i) * ow + j] = best;
        }
        return y;
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return values;
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]);
            if (error > worst || float.IsNaN(error))
            {
                worst = error;
                at = i;
            }
        }
        Assert.True(worst <= tolerance, $"Largest difference {worst} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}), tolerance {tolerance}.");
    }
}
