namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) as in their reference code: an 11x11 Gaussian
/// window with σ = 1.5, evaluated only where the window fits inside the image ("valid", an 18x18 map for 28x28),
/// C1 = (0.01·L)², C2 = (0.03·L)² with dynamic range L = 1, and the mean of the map. Local statistics use the
/// window's weights (biased variance), computed with two separable 1-D passes in double precision.
/// </summary>
public static class Ssim
{
    public const int WindowSize = 11;
    public const double WindowSigma = 1.5;
    public const double C1 = 0.01 * 0.01;
    public const double C2 = 0.03 * 0.03;

    private const int Statistics = 5; // x, y, x², y², xy

    private static readonly double[] Window = GaussianWindow();

    /// <summary>The normalised 1-D Gaussian window (its outer product is the 2-D window).</summary>
    public static ReadOnlySpan<double> Window1D => Window;

    /// <summary>Mean SSIM between two images of <paramref name="width"/> x <paramref name="height"/> (both ≥ 11).</summary>
    public static double Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width = 28, int height = 28)
    {
        ImageMetrics.CheckSameLength(a, b);
        if (width < WindowSize || height < WindowSize || a.Length != width * height)
        {
            throw new ArgumentException(
                $"SSIM needs images of at least {WindowSize}x{WindowSize} whose size matches {width}x{height}; got {a.Length} values.");
        }

        int outW = width - WindowSize + 1;
        int outH = height - WindowSize + 1;
        int plane = height * outW;
        int needed = Statistics * plane;
        Span<double> rows = needed <= 4096 ? stackalloc double[needed] : new double[needed];

        // Horizontal pass: for every row and every valid column, the windowed sums of the five statistics.
        for (int r = 0; r < height; r++)
        {
            ReadOnlySpan<float> ra = a.Slice(r * width, width);
            ReadOnlySpan<float> rb = b.Slice(r * width, width);
            for (int c = 0; c < outW; c++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int k = 0; k < WindowSize; k++)
                {
                    double w = Window[k];
                    double x = ra[c + k];
                    double y = rb[c + k];
                    sx += w * x;
                    sy += w * y;
                    sxx += w * x * x;
                    syy += w * y * y;
                    sxy += w * x * y;
                }

                int at = (r * outW) + c;
                rows[at] = sx;
                rows[plane + at] = sy;
                rows[(2 * plane) + at] = sxx;
                rows[(3 * plane) + at] = syy;
                rows[(4 * plane) + at] = sxy;
            }
        }

        // Vertical pass and the SSIM formula at each valid position.
        double total = 0;
        for (int r = 0; r < outH; r++)
        {
            for (int c = 0; c < outW; c++)
            {
                double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
                for (int k = 0; k < WindowSize; k++)
                {
                    double w = Window[k];
                    int at = ((r + k) * outW) + c;
                    mx += w * rows[at];
                    my += w * rows[plane + at];
                    exx += w * rows[(2 * plane) + at];
                    eyy += w * rows[(3 * plane) + at];
                    exy += w * rows[(4 * plane) + at];
                }

                double vx = exx - (mx * mx);
                double vy = eyy - (my * my);
                double cov = exy - (mx * my);
                total += ((2 * mx * my) + C1) * ((2 * cov) + C2) / (((mx * mx) + (my * my) + C1) * (vx + vy + C2));
            }
        }

        return total / (outW * outH);
    }

    private static double[] GaussianWindow()
    {
        var window = new double[WindowSize];
        int half = WindowSize / 2;
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double d = i - half;
            window[i] = Math.Exp(-(d * d) / (2 * WindowSigma * WindowSigma));
            sum += window[i];
        }

        for (int i = 0; i < WindowSize; i++)
        {
            window[i] /= sum;
        }

        return window;
    }
}
