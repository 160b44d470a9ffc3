namespace DenoiseApi.Noise;

/// <summary>The identity corruption: copies the clean pixels (spec "none").</summary>
public sealed class NoNoise : INoise
{
    public NoiseSpec Spec => NoiseSpec.None;

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        clean.CopyTo(noisy);
    }
}
