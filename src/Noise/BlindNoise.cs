namespace DenoiseApi.Noise;

/// <summary>
/// The corruption a blind denoiser trains against: every call draws one of five kinds — clean, Gaussian σ, uniform f,
/// salt-and-pepper p or masking p, at the odds of <see cref="Kinds"/> — and a level max·√u with u uniform in [0, 1)
/// (density rising with the level, so the hard high levels are seen more than the easy low ones), then applies it to the
/// whole span (<see cref="NoiseBatch"/> calls once per image, so every image gets its own kind and level). The maxima
/// are the ranges (σ ≤ 0.6, f ≤ 1.0, p ≤ 0.3 salt-and-pepper, p ≤ 0.5 masking) times the spec's scale s in
/// [0, 1]: <c>blind:1</c> is the full range.
/// </summary>
public sealed class BlindNoise : INoise
{
    /// <summary>
    /// Each kind's largest level at scale 1 and its odds, in the order the kinds are numbered (clean first). Gaussian
    /// noise gets three tickets to the others' one: it is the kind a denoiser restores least well (it touches every
    /// pixel, unlike salt-and-pepper and masking, and is not a constant lift, unlike uniform noise), and with equal odds
    /// a blind model ended 0.7 dB below the Gaussian specialist while clearing every other goal with 1.2 dB or more.
    /// </summary>
    public static IReadOnlyList<BlindKind> Kinds { get; } =
    [
        new(NoiseSpec.None, 1),
        new(new NoiseSpec(NoiseType.Gaussian, 0.6), 3),
        new(new NoiseSpec(NoiseType.Uniform, 1.0), 1),
        new(new NoiseSpec(NoiseType.SaltPepper, 0.3), 1),
        new(new NoiseSpec(NoiseType.Mask, 0.5), 1),
    ];

    /// <summary>Every ticket's kind (an index into <see cref="Kinds"/>): drawing a ticket uniformly draws a kind at its odds.</summary>
    public static IReadOnlyList<int> Tickets { get; } =
        Kinds.SelectMany((kind, index) => Enumerable.Repeat(index, kind.Odds)).ToArray();

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
        NoiseSpec max = Kinds[Tickets[rng.NextInt(Tickets.Count)]].Max;
        double level = Math.Sqrt(rng.NextDouble()) * max.Level * _scale;
        return max.Type == NoiseType.None ? NoiseSpec.None : new NoiseSpec(max.Type, level);
    }

    public void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng)
    {
        RandomBlock.CheckLengths(clean, noisy);
        Draw(ref rng).Create().Apply(clean, noisy, ref rng);
    }
}

/// <summary>One kind of <see cref="BlindNoise"/>: its largest level at scale 1 and its odds (tickets) in the draw.</summary>
public sealed record BlindKind(NoiseSpec Max, int Odds);
