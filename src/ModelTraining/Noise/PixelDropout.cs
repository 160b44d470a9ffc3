namespace DenoiseApi.Training.Noise;

/// <summary>Probability thresholds on 24-bit random numbers, shared by the noises that replace whole pixels.</summary>
internal static class PixelDropout
{
    /// <summary>A pixel is hit when its 24-bit random number is below this: p·2^24, so p = 1 hits every pixel.</summary>
    public static ulong Threshold(double fraction) => (ulong)Math.Round(fraction * (1 << 24));
}
