namespace DenoiseApi.Noise.Tests;

/// <summary>Sample statistics of noise outputs.</summary>
internal static class NoiseStatistics
{
    public static (double Mean, double Variance) MeanVariance(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0;
        foreach (float v in values)
        {
            sum += v;
            squares += (double)v * v;
        }

        double mean = sum / values.Length;
        return (mean, (squares / values.Length) - (mean * mean));
    }

    public static double FractionEqual(ReadOnlySpan<float> values, float target)
    {
        int count = 0;
        foreach (float v in values)
        {
            if (v == target)
            {
                count++;
            }
        }

        return (double)count / values.Length;
    }

    public static float[] Constant(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
