using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) as in their reference code: an 11x11 Gaussian
/// window with σ = 1.5, evaluated only where the window fits inside the image ("valid", an 18x18 map for 28x28),
/// C1 = (0.01·L)², C2 = (0.03·L)² with dynamic range L = 1, and the mean of the map. Local statistics use the
/// window's weights (biased variance), computed with two separable 1-D passes in double precision, four output
/// columns at a time.
/// </summary>
public static class Ssim
{
    public const int WindowSize = 11;
    public const double WindowSigma = 1.5;
    public const double C1 = 0.01 * 0.01;
    public const double C2 = 0.03 * 0.03;

    private const int Statistics = 5; // x, y, x², y², xy
    private const int Lanes = 4;

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
        Span<double> sums = needed <= 4096 ? stackalloc double[needed] : new double[needed];
        for (int r = 0; r < height; r++)
        {
            HorizontalPass(a.Slice(r * width, width), b.Slice(r * width, width), sums, r * outW, plane, outW);
        }

        double total = 0;
        for (int r = 0; r < outH; r++)
        {
            total += VerticalPassAndIndex(sums, r * outW, plane, outW);
        }

        return total / (outW * outH);
    }

    /// <summary>Windowed sums of x, y, x², y², xy along one row, for every valid column.</summary>
    private static void HorizontalPass(ReadOnlySpan<float> ra, ReadOnlySpan<float> rb, Span<double> sums, int at, int plane, int outW)
    {
        int c = 0;
        for (; c + Lanes <= outW; c += Lanes)
        {
            Vector256<double> sx = default, sy = default, sxx = default, syy = default, sxy = default;
            for (int k = 0; k < WindowSize; k++)
            {
                Vector256<double> w = Vector256.Create(Window[k]);
                Vector256<double> x = Widen(ra.Slice(c + k, Lanes));
                Vector256<double> y = Widen(rb.Slice(c + k, Lanes));
                Vector256<double> wx = w * x;
                Vector256<double> wy = w * y;
                sx += wx;
                sy += wy;
                sxx = Vector256.FusedMultiplyAdd(wx, x, sxx);
                syy = Vector256.FusedMultiplyAdd(wy, y, syy);
                sxy = Vector256.FusedMultiplyAdd(wx, y, sxy);
            }

            sx.CopyTo(sums.Slice(at + c));
            sy.CopyTo(sums.Slice(plane + at + c));
            sxx.CopyTo(sums.Slice((2 * plane) + at + c));
            syy.CopyTo(sums.Slice((3 * plane) + at + c));
            sxy.CopyTo(sums.Slice((4 * plane) + at + c));
        }

        for (; c < outW; c++)
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

            sums[at + c] = sx;
            sums[plane + at + c] = sy;
            sums[(2 * plane) + at + c] = sxx;
            sums[(3 * plane) + at + c] = syy;
            sums[(4 * plane) + at + c] = sxy;
        }
    }

    /// <summary>Windowed sums down the columns of output row r (starting at sums index <paramref name="at"/>) and the
    /// sum of the SSIM index over that row.</summary>
    private static double VerticalPassAndIndex(ReadOnlySpan<double> sums, int at, int plane, int outW)
    {
        double total = 0;
        int c = 0;
        Vector256<double> c1 = Vector256.Create(C1);
        Vector256<double> c2 = Vector256.Create(C2);
        Vector256<double> two = Vector256.Create(2.0);
        for (; c + Lanes <= outW; c += Lanes)
        {
            Vector256<double> mx = default, my = default, exx = default, eyy = default, exy = default;
            for (int k = 0; k < WindowSize; k++)
            {
                Vector256<double> w = Vector256.Create(Window[k]);
                int i = at + (k * outW) + c;
                mx = Vector256.FusedMultiplyAdd(w, Vector256.Create(sums.Slice(i, Lanes)), mx);
                my = Vector256.FusedMultiplyAdd(w, Vector256.Create(sums.Slice(plane + i, Lanes)), my);
                exx = Vector256.FusedMultiplyAdd(w, Vector256.Create(sums.Slice((2 * plane) + i, Lanes)), exx);
                eyy = Vector256.FusedMultiplyAdd(w, Vector256.Create(sums.Slice((3 * plane) + i, Lanes)), eyy);
                exy = Vector256.FusedMultiplyAdd(w, Vector256.Create(sums.Slice((4 * plane) + i, Lanes)), exy);
            }

            Vector256<double> mxy = mx * my;
            Vector256<double> mxx = mx * mx;
            Vector256<double> myy = my * my;
            Vector256<double> index = (((two * mxy) + c1) * ((two * (exy - mxy)) + c2)) /
                ((mxx + myy + c1) * ((exx - mxx) + (eyy - myy) + c2));
            total += Vector256.Sum(index);
        }

        for (; c < outW; c++)
        {
            double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
            for (int k = 0; k < WindowSize; k++)
            {
                double w = Window[k];
                int i = at + (k * outW) + c;
                mx += w * sums[i];
                my += w * sums[plane + i];
                exx += w * sums[(2 * plane) + i];
                eyy += w * sums[(3 * plane) + i];
                exy += w * sums[(4 * plane) + i];
            }

            total += Index(mx, my, exx, eyy, exy);
        }

        return total;
    }

    private static double Index(double mx, double my, double exx, double eyy, double exy)
    {
        double vx = exx - (mx * mx);
        double vy = eyy - (my * my);
        double cov = exy - (mx * my);
        return ((2 * mx * my) + C1) * ((2 * cov) + C2) / (((mx * mx) + (my * my) + C1) * (vx + vy + C2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(ReadOnlySpan<float> four)
    {
        Vector128<float> f = Vector128.Create(four);
        return Vector256.Create(Vector128.WidenLower(f), Vector128.WidenUpper(f));
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
