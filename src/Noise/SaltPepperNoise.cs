namespace DenoiseApi.Noise;

/// <summary>
/// Salt-and-pepper noise: each pixel independently, with probability p, is replaced by 1 (salt) or 0 (pepper) with
/// equal odds; the others keep their value. So a fraction p of the pixels is hit on average, half of them salt.
/// </summary>
public sealed class SaltPepperNoise : INoise
{
    private readonly int _threshold;

    public SaltPepperNoise(double fraction)
    {
        Spec = new NoiseSpec(NoiseType.SaltPepper, fraction);
        _threshold = PixelDropout.Threshold(fraction);
    }

    public NoiseSpec Spec { get; }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng) =>
        PixelDropout.Apply(clean, noisy, ref rng, _threshold, onEven: 0f, onOdd: 1f);
}
