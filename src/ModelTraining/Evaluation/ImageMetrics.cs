namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Per-image reconstruction metrics for pixels in [0, 1]: mean squared error, binary cross-entropy and PSNR.
/// Sums are accumulated in double.
/// </summary>
public static class ImageMetrics
{
    /// <summary>Probabilities are clamped to [ε, 1 − ε] before the logarithms of BCE (ε as in Keras).</summary>
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
    /// targets <paramref name="target"/> (both in [0, 1]; p clamped to [ε, 1 − ε]).
    /// </summary>
    public static double Bce(ReadOnlySpan<float> target, ReadOnlySpan<float> prediction)
    {
        CheckSameLength(target, prediction);
        if (target.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double p = Math.Clamp(prediction[i], BceEpsilon, 1 - BceEpsilon);
            double t = target[i];
            sum -= (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p));
        }

        return sum / target.Length;
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
