using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>The blocked SIMD GEMM agrees with a plain triple loop for every transpose combination and awkward size.</summary>
public class GemmTests
{
    public static TheoryData<bool, bool, int, int, int> Cases()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        int[][] sizes = [[1, 1, 1], [7, 7, 7], [1, 33, 7], [33, 1, 129], [6, 16, 256], [7, 17, 257], [129, 33, 7], [13, 130, 300], [128, 40, 784]];
        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                foreach (var s in sizes) data.Add(ta, tb, s[0], s[1], s[2]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesNaiveLoopWithAlphaAndBeta(bool transA, bool transB, int m, int n, int k)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = Random(rng, m * n);
        var expected = (float[])c.Clone();
        var lda = transA ? m : k;
        var ldb = transB ? k : n;

        Gemm.Multiply(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c, n);
        Gemm.MultiplyNaive(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, expected, n);

        AssertClose(expected, c, k);
    }

    [Fact]
    public void LargeProductSplitOverCoresMatchesNaiveLoop()
    {
        var rng = new Random(5);
        const int m = 300, n = 260, k = 530;
        var a = Random(rng, m * k);
        var b = Random(rng, n * k);
        var c = new float[m * n];
        var expected = new float[m * n];
        Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n);
        Gemm.MultiplyNaive(false, true, m, n, k, 1f, a, k, b, k, 0f, expected, n);
        AssertClose(expected, c, k);
    }

    [Fact]
    public void ShortWideProductSplitOverColumnsMatchesNaiveLoop()
    {
        var rng = new Random(6);
        const int m = 3, n = 2000, k = 200;
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = new float[m * n];
        var expected = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        Gemm.MultiplyNaive(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);
        AssertClose(expected, c, k);
    }

    [Fact]
    public void BetaZeroIgnoresGarbageInTheOutput()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 5, 6, 7, 8 };
        var c = new[] { float.NaN, float.PositiveInfinity, float.NaN, -1e30f };
        Gemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
    }

    [Fact]
    public void RespectsRowStridesLargerThanTheMatrix()
    {
        // A is the left 2x3 block of a 2x5 buffer, B the top-left 3x2 block of a 3x4 buffer, C a 2x2 block of a 2x3 buffer.
        var a = new float[] { 1, 2, 3, 99, 99, 4, 5, 6, 99, 99 };
        var b = new float[] { 1, 0, 99, 99, 0, 1, 99, 99, 1, 1, 99, 99 };
        var c = new float[] { 0, 0, -7, 0, 0, -7 };
        Gemm.Multiply(false, false, 2, 2, 3, 1f, a, 5, b, 4, 0f, c, 3);
        Assert.Equal(new float[] { 4, 5, -7, 10, 11, -7 }, c);
    }

    [Fact]
    public void ZeroInnerDimensionScalesTheOutputOnly()
    {
        var c = new float[] { 2, 4 };
        Gemm.Multiply(false, false, 1, 2, 0, 1f, [], 0, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 1, 2 }, c);
    }

    [Fact]
    public void RejectsBuffersTooSmallForTheirShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Contains("a holds 3 values", ex.Message, StringComparison.Ordinal);
    }

    private static float[] Random(Random rng, int length)
    {
        var data = new float[length];
        for (var i = 0; i < length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    private static void AssertClose(float[] expected, float[] actual, int k)
    {
        // Float accumulation over k terms of magnitude <= 1: error grows like sqrt(k)·eps·k in the worst case.
        var tolerance = 1e-5f * (k + 1);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"value {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
