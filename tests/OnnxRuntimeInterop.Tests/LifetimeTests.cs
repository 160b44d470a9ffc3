using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class LifetimeTests
{
    private static readonly GemmSigmoidReference Reference = GemmSigmoidReference.Load();

    [Fact]
    public void DisposingASessionTwiceIsHarmless()
    {
        var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        session.Dispose();
        session.Dispose();
    }

    [Fact]
    public void DisposingAnEnvironmentTwiceIsHarmless()
    {
        var environment = OrtEnvironment.Create("dispose-twice");

        environment.Dispose();
        environment.Dispose();
    }

    [Fact]
    public void RunAfterDisposeThrowsObjectDisposed()
    {
        var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
            session.Run("input", new float[Reference.Features], [1, Reference.Features], "output", new float[Reference.Units], [1, Reference.Units]));
        Assert.Throws<ObjectDisposedException>(() =>
            session.Run("input", new float[Reference.Features], [1, Reference.Features], ["output"]));
    }

    [Fact]
    public void SessionOutlivesItsDisposedEnvironment()
    {
        var environment = OrtEnvironment.Create("short-lived");
        using var session = InferenceSession.Create(environment, FixtureModels.GemmSigmoid, new SessionSettings());
        environment.Dispose();

        var input = Reference.MakeInput(1, seed: 4);
        var output = new float[Reference.Units];
        session.Run("input", input, [1, Reference.Features], "output", output, [1, Reference.Units]);

        Assert.Equal(Reference.Compute(input, 1), output, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public async Task DisposeDuringConcurrentRunsNeverCorruptsResults()
    {
        var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        using var started = new CountdownEvent(4);
        var wrong = 0;
        var completed = 0;

        var workers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            started.Signal();
            for (var run = 0; ; run++)
            {
                var input = Reference.MakeInput(4, seed: (t * 10_000) + run);
                var output = new float[4 * Reference.Units];
                try
                {
                    session.Run("input", input, [4, Reference.Features], "output", output, [4, Reference.Units]);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref completed);
                var expected = Reference.Compute(input, 4);
                if (expected.Where((e, i) => Math.Abs(e - output[i]) > 1e-5f).Any())
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToArray();

        started.Wait();
        SpinWait.SpinUntil(() => Volatile.Read(ref completed) >= 20);
        session.Dispose();
        await Task.WhenAll(workers);

        Assert.Equal(0, wrong);
        Assert.True(completed >= 20);
    }
}
