using System.Runtime.Intrinsics;

namespace DenoiseApi.Noise;

/// <summary>
/// The shared kernel of the noises that replace whole pixels: each pixel draws a 24-bit number u and is hit when
/// u &lt; p·2^24 (so p = 1 hits every pixel). A hit pixel becomes the replacement value, which may depend on u's lowest
/// bit — given a hit, that bit is 0 or 1 with equal odds (to within 1/(p·2^24)). Branch-free, 16 pixels at a time.
/// </summary>
internal static class PixelDropout
{
    public static int Threshold(double fraction) => (int)Math.Round(fraction * (1 << 24));

    /// <param name="onEven">Value for a hit pixel whose number is even.</param>
    /// <param name="onOdd">Value for a hit pixel whose number is odd.</param>
    public static void Apply(ReadOnlySpan<float> clean, Span<float> noisy, ref Xoshiro256 rng, int threshold, float onEven, float onOdd)
    {
        RandomBlock.CheckLengths(clean, noisy);
        Xoshiro256 random = rng; // a local copy stays in registers; the ref parameter would live in memory
        Vector256<int> limit = Vector256.Create(threshold);
        Vector256<float> even = Vector256.Create(onEven);
        Vector256<float> odd = Vector256.Create(onOdd);
        int i = 0;
        for (; i + RandomBlock.Width <= clean.Length; i += RandomBlock.Width)
        {
            RandomBlock.NextBits16(ref random, out Vector256<int> high, out Vector256<int> low);
            Store(clean, noisy, i, high, limit, even, odd);
            Store(clean, noisy, i + 8, low, limit, even, odd);
        }

        for (; i < clean.Length; i += 2)
        {
            (int first, int second) = RandomBlock.NextBitsPair(ref random);
            noisy[i] = first < threshold ? ((first & 1) == 0 ? onEven : onOdd) : clean[i];
            if (i + 1 < clean.Length)
            {
                noisy[i + 1] = second < threshold ? ((second & 1) == 0 ? onEven : onOdd) : clean[i + 1];
            }
        }

        rng = random;
    }

    private static void Store(
        ReadOnlySpan<float> clean, Span<float> noisy, int at, Vector256<int> bits, Vector256<int> limit, Vector256<float> even, Vector256<float> odd)
    {
        Vector256<float> hit = Vector256.LessThan(bits, limit).AsSingle();
        Vector256<float> isOdd = Vector256.Equals(bits & Vector256<int>.One, Vector256<int>.One).AsSingle();
        Vector256<float> replacement = Vector256.ConditionalSelect(isOdd, odd, even);
        Vector256<float> x = Vector256.Create(clean.Slice(at, 8));
        Vector256.ConditionalSelect(hit, replacement, x).CopyTo(noisy.Slice(at, 8));
    }
}
