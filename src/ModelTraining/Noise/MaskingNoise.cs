namespace DenoiseApi.Training.Noise;

/// <summary>
/// Masking noise (Vincent et al.'s "masking"): each pixel independently, with probability p, is set to 0; so a
/// fraction p of the pixels is dropped on average.
/// </summary>
public sealed class MaskingNoise : INoise
{
    private readonly ulong _threshold;

    public MaskingNoise(double fraction)
    {
        Spec = new NoiseSpec(NoiseType.Mask, fraction);
        _threshold = PixelDropout.Threshold(fraction);
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        for (int i = 0; i < clean.Length; i += 2)
        {
            ulong bits = rng.NextUInt64();
            noisy[i] = (bits >> 40) < _threshold ? 0f : clean[i];
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = ((bits >> 8) & 0xFFFFFF) < _threshold ? 0f : clean[i + 1];
            }
        }
    }
}
