namespace DenoiseApi.Noise;

/// <summary>
/// The corruption a blind denoiser trains against: every call draws one of five kinds with equal odds — clean,
/// Gaussian σ, uniform f, salt-and-pepper p or masking p — and a level max·√u with u uniform in [0, 1) (density
/// rising with the level, so the hard high levels are seen more than the easy low ones), then applies it to the
/// whole span (<see cref="NoiseBatch"/> calls once per image, so every image gets its own kind and level). The maxima
/// are the ranges (σ ≤ 0.6, f ≤ 1.0, p ≤ 0.3 salt-and-pepper, p ≤ 0.5 masking) times the spec's scale s in
/// [0, 1]: <c>blind:1</c> is the full range.
/// </summary>
public sealed class BlindNoise : INoise
{
    /// <summary>The largest level of each kind at scale 1, in the order the kinds are drawn (clean first).</summary>
    public static IReadOnlyList<NoiseSpec> Maxima { get; } =
    [
        NoiseSpec.None,
        new(NoiseType.Gaussian, 0.6),
        new(NoiseType.Uniform, 1.0),
        new(NoiseType.SaltPepper, 0.3),
        new(NoiseType.Mask, 0.5),
    ];

    private readonly double _scale;

    public BlindNoise(double scale)
    {
        Spec = new NoiseSpec(NoiseType.Blind, scale);
        _scale = Spec.Level;
    }

    public NoiseSpec Spec { get; }

    /// <summary>The kind and level one call draws from <paramref name="rng"/> (advancing it), before any pixel noise.</summary>
    public NoiseSpec Draw(ref Xoshiro256 rng)
    {
        NoiseSpec max = Maxima[rng.NextInt(Maxima.Count)];
        double level = Math.Sqrt(rng.NextDouble()) * max.Level * _scale;
        return max.Type == NoiseType.None ? NoiseSpec.None : new NoiseSpec(max.Type, level);
    }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        Draw(ref rng).Create().Apply(clean, noisy, ref rng);
    }
}
