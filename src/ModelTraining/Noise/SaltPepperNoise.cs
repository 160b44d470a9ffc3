namespace DenoiseApi.Training.Noise;

/// <summary>
/// Salt-and-pepper noise: each pixel independently, with probability p, is replaced by 1 (salt) or 0 (pepper) with
/// equal odds; the others keep their value. So a fraction p of the pixels is hit on average.
/// </summary>
public sealed class SaltPepperNoise : INoise
{
    private readonly ulong _threshold;

    public SaltPepperNoise(double fraction)
    {
        Spec = new NoiseSpec(NoiseType.SaltPepper, fraction);
        _threshold = PixelDropout.Threshold(fraction);
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        for (int i = 0; i < clean.Length; i += 2)
        {
            ulong bits = rng.NextUInt64();
            noisy[i] = (bits >> 40) < _threshold ? ((bits >> 39) & 1) : clean[i];
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = ((bits >> 8) & 0xFFFFFF) < _threshold ? ((bits >> 7) & 1) : clean[i + 1];
            }
        }
    }
}
