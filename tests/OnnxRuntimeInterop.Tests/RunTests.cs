using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class RunTests
{
    private const float Tolerance = 1e-5f;
    private static readonly GemmSigmoidReference Reference = GemmSigmoidReference.Load();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void ZeroCopyRunMatchesTheReference(int batch)
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var input = Reference.MakeInput(batch, seed: batch);
        var output = new float[batch * Reference.Units];

        session.Run("input", input, [batch, Reference.Features], "output", output, [batch, Reference.Units]);

        AssertClose(Reference.Compute(input, batch), output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void AllocatingRunMatchesTheReference(int batch)
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var input = Reference.MakeInput(batch, seed: 100 + batch);

        var result = Assert.Single(session.Run("input", input, [batch, Reference.Features], ["output"]));

        Assert.Equal("output", result.Name);
        Assert.Equal([batch, (long)Reference.Units], result.Shape);
        AssertClose(Reference.Compute(input, batch), result.Data);
    }

    [Fact]
    public void ZeroCopyRunWritesIntoTheCallersBufferSlice()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var input = Reference.MakeInput(2, seed: 5);
        var buffer = new float[2 * Reference.Units + 4];
        Array.Fill(buffer, -7f);

        session.Run("input", input, [2, Reference.Features], "output", buffer.AsSpan(2, 2 * Reference.Units), [2, Reference.Units]);

        Assert.Equal([-7f, -7f], buffer[..2]);
        Assert.Equal([-7f, -7f], buffer[^2..]);
        AssertClose(Reference.Compute(input, 2), buffer[2..^2]);
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.None, false, 1)]
    [InlineData(GraphOptimizationLevel.Basic, true, 2)]
    [InlineData(GraphOptimizationLevel.Extended, false, 0)]
    [InlineData(GraphOptimizationLevel.All, true, 2)]
    public void EverySettingCombinationIsAcceptedByOrtAndComputesTheSameResult(
        GraphOptimizationLevel optimization, bool allowSpinning, int threads)
    {
        var settings = new SessionSettings
        {
            Optimization = optimization,
            AllowSpinning = allowSpinning,
            IntraOpThreads = threads,
            InterOpThreads = threads,
        };
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid, settings);
        var input = Reference.MakeInput(5, seed: 55);
        var output = new float[5 * Reference.Units];

        session.Run("input", input, [5, Reference.Features], "output", output, [5, Reference.Units]);

        AssertClose(Reference.Compute(input, 5), output);
    }

    [Fact]
    public void EmptyBatchRunsAndYieldsAnEmptyOutput()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        session.Run("input", [], [0, Reference.Features], "output", [], [0, Reference.Units]);
        var result = Assert.Single(session.Run("input", [], [0, Reference.Features], ["output"]));

        Assert.Equal([0L, Reference.Units], result.Shape);
        Assert.Empty(result.Data);
    }

    [Fact]
    public void TwoOutputsAreReturnedWithTheirOwnShapes()
    {
        using var session = FixtureModels.Open(FixtureModels.TwoOutputs);
        float[] x = [1, 2, 3, 4, 5, -1, -2, -3, -4, 0.5f];

        var results = session.Run("x", x, [2, 5], ["total", "doubled"]);

        Assert.Equal(["total", "doubled"], results.Select(r => r.Name));
        Assert.Equal([2L, 1L], results[0].Shape);
        AssertClose([15f, -9.5f], results[0].Data);
        Assert.Equal([2L, 5L], results[1].Shape);
        AssertClose(x.Select(v => v * 2).ToArray(), results[1].Data);
    }

    [Fact]
    public void ManyThreadsShareOneSessionAndEachGetsItsOwnResult()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid, new SessionSettings { IntraOpThreads = 1 });
        const int threads = 8;
        const int runsPerThread = 40;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var run = 0; run < runsPerThread; run++)
            {
                var batch = 1 + ((t + run) % 7);
                var input = Reference.MakeInput(batch, seed: (t * 1000) + run);
                var expected = Reference.Compute(input, batch);
                float[] actual;
                if (run % 2 == 0)
                {
                    actual = new float[batch * Reference.Units];
                    session.Run("input", input, [batch, Reference.Features], "output", actual, [batch, Reference.Units]);
                }
                else
                {
                    actual = session.Run("input", input, [batch, Reference.Features], ["output"])[0].Data;
                }

                for (var i = 0; i < expected.Length; i++)
                {
                    if (Math.Abs(expected[i] - actual[i]) > Tolerance)
                    {
                        failures.Add($"thread {t} run {run} element {i}: expected {expected[i]}, got {actual[i]}");
                        break;
                    }
                }
            }
        });

        Assert.Empty(failures);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= Tolerance,
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
