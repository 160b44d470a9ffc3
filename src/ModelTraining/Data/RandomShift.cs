using DenoiseApi.Noise;

namespace DenoiseApi.Training.Data;

/// <summary>
/// Data augmentation for classifiers: every image is moved by a random whole-pixel offset (dx, dy), each in
/// [−max, max], and the uncovered border is filled with background (0). MNIST digits are centred by centre of mass,
/// but handwriting is not, nor are the digits the service receives; a classifier trained on shifted copies stops
/// relying on exact position. The offset of an image depends only on (seed, epoch, image id), like the noise streams.
/// </summary>
public static class RandomShift
{
    private const long StreamTag = 0x7368696674; // "shift": keeps these streams apart from the noise streams

    /// <summary>Shifts <paramref name="imageIds"/>.Length square images of side <paramref name="side"/> in place.</summary>
    public static void Apply(Span<float> images, int side, ReadOnlySpan<int> imageIds, int maxShift, long seed, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(side);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxShift, side);
        var size = side * side;
        if (images.Length < imageIds.Length * size)
        {
            throw new ArgumentException($"{imageIds.Length} images of {size} values need {imageIds.Length * size}; got {images.Length}.", nameof(images));
        }
        if (maxShift == 0) return;

        Span<float> copy = stackalloc float[size];
        for (var b = 0; b < imageIds.Length; b++)
        {
            var (dx, dy) = Offset(seed, epoch, imageIds[b], maxShift);
            if (dx == 0 && dy == 0) continue;
            var image = images.Slice(b * size, size);
            image.CopyTo(copy);
            Shift(copy, image, side, dx, dy);
        }
    }

    /// <summary>The offset image <paramref name="imageId"/> gets in <paramref name="epoch"/>: dx, dy in [−max, max].</summary>
    public static (int Dx, int Dy) Offset(long seed, long epoch, int imageId, int maxShift)
    {
        var rng = Xoshiro256.ForStream(seed ^ StreamTag, epoch, imageId);
        var span = (ulong)(2 * maxShift + 1);
        return ((int)(rng.NextUInt64() % span) - maxShift, (int)(rng.NextUInt64() % span) - maxShift);
    }

    /// <summary>destination(y, x) = source(y − dy, x − dx), 0 where that falls outside.</summary>
    public static void Shift(ReadOnlySpan<float> source, Span<float> destination, int side, int dx, int dy)
    {
        destination[..(side * side)].Clear();
        var width = side - Math.Abs(dx);
        if (width <= 0 || Math.Abs(dy) >= side) return;
        var fromX = Math.Max(0, -dx);
        var toX = Math.Max(0, dx);
        for (var y = Math.Max(0, dy); y < Math.Min(side, side + dy); y++)
        {
            source.Slice(((y - dy) * side) + fromX, width).CopyTo(destination.Slice((y * side) + toX, width));
        }
    }
}
