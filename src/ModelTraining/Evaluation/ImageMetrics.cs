using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Per-image reconstruction metrics for pixels in [0, 1]: mean squared error, binary cross-entropy and PSNR.
/// Sums are accumulated in double.
/// </summary>
public static class ImageMetrics
{
    /// <summary>
    /// Probabilities are clamped to [ε, 1 − ε] before the logarithms of BCE, in single precision as Keras does (so the
    /// upper bound is the float nearest 1 − 1e-7, 1 − 1.19e-7).
    /// </summary>
    public const double BceEpsilon = 1e-7;

    /// <summary>
    /// PSNR of an exact reconstruction is infinite; it is reported as this cap instead (and no image scores above it),
    /// so a mean over images stays finite.
    /// </summary>
    public const double PsnrCapDb = 100.0;

    /// <summary>Mean of (a − b)² over all values.</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameLength(a, b);
        if (a.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum / a.Length;
    }

    /// <summary>
    /// Mean binary cross-entropy −[t·ln p + (1 − t)·ln(1 − p)] of predictions <paramref name="prediction"/> against
    /// targets <paramref name="target"/> (both in [0, 1]; p clamped to [ε, 1 − ε]). Terms are computed in single
    /// precision eight at a time (as a training loss would be) and summed in double.
    /// </summary>
    public static double Bce(ReadOnlySpan<float> target, ReadOnlySpan<float> prediction)
    {
        CheckSameLength(target, prediction);
        if (target.IsEmpty)
        {
            return 0;
        }

        const float eps = (float)BceEpsilon;
        Vector256<float> low = Vector256.Create(eps);
        Vector256<float> high = Vector256.Create(1f - eps);
        Vector256<double> sum = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= target.Length; i += 8)
        {
            Vector256<float> t = Vector256.Create(target.Slice(i, 8));
            Vector256<float> p = Vector256.Min(Vector256.Max(Vector256.Create(prediction.Slice(i, 8)), low), high);
            Vector256<float> term = (t * Vector256.Log(p)) + ((Vector256<float>.One - t) * Vector256.Log(Vector256<float>.One - p));
            sum += Vector256.WidenLower(term) + Vector256.WidenUpper(term);
        }

        double total = -Vector256.Sum(sum);
        for (; i < target.Length; i++)
        {
            double p = Math.Clamp(prediction[i], eps, 1f - eps);
            double t = target[i];
            total -= (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p));
        }

        return total / target.Length;
    }

    /// <summary>Peak signal-to-noise ratio for peak 1: 10·log10(1 / MSE), capped at <see cref="PsnrCapDb"/>.</summary>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> image) => PsnrFromMse(Mse(reference, image));

    /// <summary>10·log10(1 / <paramref name="mse"/>) in dB, capped at <see cref="PsnrCapDb"/> (also for MSE 0).</summary>
    public static double PsnrFromMse(double mse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mse);
        return mse <= 0 ? PsnrCapDb : Math.Min(PsnrCapDb, -10.0 * Math.Log10(mse));
    }

    internal static void CheckSameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Images differ in size: {a.Length} and {b.Length} values.");
        }
    }
}
