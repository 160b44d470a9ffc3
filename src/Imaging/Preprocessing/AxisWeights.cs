namespace DenoiseApi.Imaging.Preprocessing;

/// <summary>
/// For one axis, which source samples each destination sample mixes and with what weights: a box (area average)
/// over the covered interval when shrinking, linear interpolation between the two nearest centres when enlarging.
/// </summary>
internal sealed class AxisWeights
{
    private AxisWeights(int taps, int destination)
    {
        Taps = taps;
        Start = new int[destination];
        Weights = new float[destination * taps];
    }

    /// <summary>Weights per destination sample (unused trailing weights are zero).</summary>
    public int Taps { get; }

    /// <summary>First source index of each destination sample.</summary>
    public int[] Start { get; }

    /// <summary><c>Weights[d * Taps + k]</c> applies to source <c>Start[d] + k</c>.</summary>
    public float[] Weights { get; }

    public static AxisWeights Create(int source, int destination) =>
        destination <= source ? Area(source, destination) : Linear(source, destination);

    private static AxisWeights Area(int source, int destination)
    {
        double scale = (double)source / destination;
        var result = new AxisWeights((int)Math.Ceiling(scale) + 1, destination);
        for (int d = 0; d < destination; d++)
        {
            double lo = d * scale;
            double hi = Math.Min(source, (d + 1) * scale);
            int start = (int)Math.Floor(lo);
            result.Start[d] = start;
            for (int k = 0; k < result.Taps && start + k < source; k++)
            {
                double overlap = Math.Min(hi, start + k + 1) - Math.Max(lo, start + k);
                if (overlap > 0)
                {
                    result.Weights[(d * result.Taps) + k] = (float)(overlap / scale);
                }
            }
        }

        return result;
    }

    private static AxisWeights Linear(int source, int destination)
    {
        var result = new AxisWeights(2, destination);
        double scale = (double)source / destination;
        for (int d = 0; d < destination; d++)
        {
            double position = Math.Clamp(((d + 0.5) * scale) - 0.5, 0, source - 1);
            int start = Math.Min((int)position, Math.Max(0, source - 2));
            double fraction = position - start;
            result.Start[d] = start;
            if (source == 1)
            {
                result.Weights[2 * d] = 1f;
                continue;
            }

            result.Weights[2 * d] = (float)(1 - fraction);
            result.Weights[(2 * d) + 1] = (float)fraction;
        }

        return result;
    }
}
