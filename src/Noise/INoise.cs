namespace DenoiseApi.Noise;

/// <summary>
/// A pure noise function: reads clean pixels in [0, 1], writes noisy pixels in [0, 1], drawing every random number
/// from the generator it is given. The same input, spec and generator state always give the same output; each call
/// advances the generator, so calling again gives fresh noise. Implementations hold no mutable state and are safe to
/// share between threads as long as each thread has its own <see cref="Xoshiro256"/>.
/// </summary>
public interface INoise
{
    NoiseSpec Spec { get; }

    /// <summary>
    /// Writes the noisy version of <paramref name="clean"/> into <paramref name="noisy"/> (same length; may be the same
    /// memory). Works on one image or many laid end to end.
    /// </summary>
    void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng);
}
