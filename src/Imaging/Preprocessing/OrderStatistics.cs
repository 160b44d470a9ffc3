using System.Numerics;

namespace DenoiseApi.Imaging.Preprocessing;

/// <summary>
/// The k-th smallest of a set of values without sorting it: quickselect (Hoare partition, median-of-three pivot) in
/// O(n), falling back to sorting the part still open after 2·log2(n) rounds, so no input order makes it quadratic. The
/// order is <see cref="float.CompareTo(float)"/>'s, the one <see cref="Array.Sort{T}(T[])"/> uses (not-a-number first),
/// so the answer is what the sorted array holds at k.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>The value a sort of <paramref name="values"/> would put at <paramref name="k"/>; reorders <paramref name="values"/>.</summary>
    public static float Select(Span<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        int rounds = 2 * BitOperations.Log2((uint)values.Length) + 2;
        while (lo < hi)
        {
            if (rounds-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }

            float pivot = MedianOfThree(values[lo], values[lo + ((hi - lo) / 2)], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i].CompareTo(pivot) < 0)
                {
                    i++;
                }

                while (pivot.CompareTo(values[j]) < 0)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // [lo, j] holds values <= pivot, [i, hi] values >= pivot, anything between equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static float MedianOfThree(float a, float b, float c)
    {
        if (a.CompareTo(b) > 0)
        {
            (a, b) = (b, a);
        }

        if (b.CompareTo(c) > 0)
        {
            b = c;
        }

        return a.CompareTo(b) > 0 ? a : b;
    }
}
