using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>
/// The shifted-slice products against plain loops in double precision, on the thin shapes that take their own
/// kernels (one or two rows of A; B of one to a few columns) and on neighbouring shapes that take the tiled path,
/// with inner dimensions and column counts that leave partial vectors and blocks.
/// </summary>
public sealed class ShiftedGemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 5, 9)]
    [InlineData(1, 838, 288)]
    [InlineData(2, 70, 13)]
    [InlineData(2, 129, 300)]
    [InlineData(3, 45, 17)]
    [InlineData(7, 100, 9)]
    public void MultiplyShiftedBEqualsThePlainProduct(int m, int n, int k)
    {
        if (!ShiftedGemm.IsSupported) return;
        var rng = new Random(m * 7919 + n * 31 + k);
        var columns = ShiftedGemm.RoundColumns(n);
        var offsets = Enumerable.Range(0, k).Select(_ => rng.Next(0, 200)).ToArray();
        var source = Random(rng, 200 + columns);
        var a = Random(rng, m * k);
        var packed = new float[ShiftedGemm.PackedALength(m, k)];
        ShiftedGemm.PackA(a, m, k, k, packed);

        foreach (var accumulate in new[] { false, true })
        {
            var c = Random(rng, ShiftedGemm.RoundRows(m) * columns);
            var expected = new double[m * n];
            for (var r = 0; r < m; r++)
            {
                for (var j = 0; j < n; j++)
                {
                    double sum = accumulate ? c[r * columns + j] : 0;
                    for (var p = 0; p < k; p++) sum += (double)a[r * k + p] * source[offsets[p] + j];
                    expected[r * n + j] = sum;
                }
            }

            ShiftedGemm.MultiplyShiftedB(m, n, k, packed, source, offsets, c, columns, accumulate);

            for (var r = 0; r < m; r++)
            {
                for (var j = 0; j < n; j++) Assert.Equal(expected[r * n + j], c[r * columns + j], 1e-3 * Math.Sqrt(k));
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 1, 8)]
    [InlineData(9, 1, 838)]
    [InlineData(19, 2, 7)]
    [InlineData(288, 1, 101)]
    [InlineData(17, 4, 33)]
    public void MultiplyShiftedAThinAddsThePlainProduct(int m, int n, int k)
    {
        if (!ShiftedGemm.IsSupported) return;
        var rng = new Random(m * 104729 + n * 17 + k);
        const int ldb = 1000, ldc = 5;
        var offsets = Enumerable.Range(0, m).Select(_ => rng.Next(0, 300)).ToArray();
        var source = Random(rng, 300 + k);
        var b = Random(rng, (n - 1) * ldb + k);
        var c = Random(rng, (m - 1) * ldc + n);
        var expected = new double[c.Length];
        for (var i = 0; i < c.Length; i++) expected[i] = c[i];
        for (var r = 0; r < m; r++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++) expected[r * ldc + j] += (double)source[offsets[r] + p] * b[j * ldb + p];
            }
        }

        ShiftedGemm.MultiplyShiftedAThin(m, n, k, source, offsets, b, ldb, c, ldc);

        for (var i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-3 * Math.Sqrt(k));
    }

    [Fact]
    public void MultiplyShiftedAThinRefusesSlicesOutsideTheSource()
    {
        var source = new float[20];
        var c = new float[1];

        Assert.Throws<ArgumentException>(() => ShiftedGemm.MultiplyShiftedAThin(1, 1, 10, source, [11], new float[10], 10, c, 1));
    }

    private static float[] Random(Random rng, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }
}
