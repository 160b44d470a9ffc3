namespace DenoiseApi.Noise;

/// <summary>
/// Masking noise (Vincent et al.'s "masking"): each pixel independently, with probability p, is set to 0; so a
/// fraction p of the pixels is dropped on average.
/// </summary>
public sealed class MaskingNoise : INoise
{
    private readonly int _threshold;

    public MaskingNoise(double fraction)
    {
        Spec = new NoiseSpec(NoiseType.Mask, fraction);
        _threshold = PixelDropout.Threshold(fraction);
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng) =>
        PixelDropout.Apply(clean, noisy, ref rng, _threshold, onEven: 0f, onOdd: 0f);
}
