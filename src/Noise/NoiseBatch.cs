namespace DenoiseApi.Noise;

/// <summary>
/// Applies a noise to many images with one generator per image, seeded from (seed, round, image id): the noise an image
/// gets depends only on those three numbers, not on batch size, order or thread. Use the epoch as the round for fresh
/// noise each epoch, and a fixed round for a reproducible noisy test set.
/// </summary>
public static class NoiseBatch
{
    /// <summary>
    /// Noises <paramref name="imageIds"/>.Length images laid end to end in <paramref name="clean"/> (each
    /// <paramref name="imageSize"/> values) into <paramref name="noisy"/>; image b uses the stream of <c>imageIds[b]</c>.
    /// </summary>
    public static void Apply(
        INoise noise, ReadOnlySpan<float> clean, Span<float> noisy, int imageSize, ReadOnlySpan<int> imageIds, long seed, long round)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        int length = imageIds.Length * imageSize;
        if (clean.Length < length || noisy.Length < length)
        {
            throw new ArgumentException(
                $"{imageIds.Length} images of {imageSize} values need {length} values; clean has {clean.Length}, noisy {noisy.Length}.");
        }

        for (int b = 0; b < imageIds.Length; b++)
        {
            var rng = Xoshiro256.ForStream(seed, round, imageIds[b]);
            noise.Apply(clean.Slice(b * imageSize, imageSize), noisy.Slice(b * imageSize, imageSize), ref rng);
        }
    }

    /// <summary>
    /// Noises every image of <paramref name="clean"/> (image i uses stream i) into <paramref name="noisy"/>, in parallel
    /// over images; the result does not depend on the number of threads.
    /// </summary>
    public static void ApplyAll(INoise noise, float[] clean, float[] noisy, int imageSize, long seed, long round)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        if (clean.Length % imageSize != 0 || noisy.Length != clean.Length)
        {
            throw new ArgumentException(
                $"Clean ({clean.Length}) and noisy ({noisy.Length}) must hold the same whole number of {imageSize}-value images.");
        }

        int count = clean.Length / imageSize;
        const int chunk = 256;
        Parallel.For(0, (count + chunk - 1) / chunk, c =>
        {
            int end = Math.Min(count, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                var rng = Xoshiro256.ForStream(seed, round, i);
                noise.Apply(clean.AsSpan(i * imageSize, imageSize), noisy.AsSpan(i * imageSize, imageSize), ref rng);
            }
        });
    }
}
