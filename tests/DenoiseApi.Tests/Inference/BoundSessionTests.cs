using DenoiseApi.Inference;
using DenoiseApi.ModelStore;
using DenoiseApi.Options;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace DenoiseApi.Tests.Inference;

/// <summary>A session with its pre-allocated, pinned buffers, on the committed models and real MNIST digits.</summary>
public sealed class BoundSessionTests
{
    private static (BoundSession Session, ModelContract Contract) Open(string model, int maxBatchSize, Func<ModelContract, ModelContract>? change = null)
    {
        var directory = ModelLayout.Enumerate(Repository.Models).Where(m => m.Name == model).MaxBy(m => m.Version).Directory;
        var manifest = ManifestJson.Read(Path.Combine(directory, ManifestJson.FileName));
        var created = SessionFactory.Create(Path.Combine(directory, manifest.File), ModelServingOptions.BuiltIn, useCuda: false);
        var (inputs, outputs) = ModelTensor.Of(created.Session);
        var contract = ModelContract.Check(manifest, inputs, outputs);
        if (change is not null) contract = change(contract);
        return (new BoundSession(created.Session, contract, maxBatchSize), contract);
    }

    private static float[] Digits(int count) => [.. Enumerable.Range(0, count).SelectMany(i => MnistTestDigits.Instance.Images[i])];

    [Theory]
    [InlineData("conv-dae-skip")]
    [InlineData("mlp-classifier")]
    public void EachItemOfABatchGetsWhatItGetsAlone(string model)
    {
        var (session, contract) = Open(model, maxBatchSize: 16);
        using var _ = session;
        var digits = Digits(16);
        var batched = new float[16 * contract.OutputItemSize];
        session.Run(digits, 16, batched);
        foreach (var count in new[] { 1, 3, 16 })
        {
            // A smaller batch after a larger one: its output is its own, not the larger batch's leftovers.
            var outputs = new float[count * contract.OutputItemSize];
            session.Run(digits.AsSpan(0, count * contract.InputItemSize), count, outputs);
            for (var i = 0; i < outputs.Length; i++) Assert.Equal(batched[i], outputs[i], 1e-5f);
        }
        Assert.All(batched, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(batched, v => v != 0);
    }

    [Fact]
    public void ARunStillGoingAtItsDeadlineIsStoppedByOnnxRuntimeAndTheSessionRunsTheNextBatch()
    {
        const int large = 1024; // conv-dae-skip runs this batch for far longer than the deadline below
        var (session, contract) = Open("conv-dae-skip", maxBatchSize: large);
        using var _ = session;
        var inputs = new float[large * contract.InputItemSize];
        var outputs = new float[large * contract.OutputItemSize];
        var expiresAt = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 200); // 5 ms

        var stopped = Assert.Throws<OperationCanceledException>(() => session.Run(inputs, large, outputs, expiresAt));
        var reason = Assert.IsType<OnnxRuntimeException>(stopped.InnerException);
        Assert.Contains("terminate", reason.Message, StringComparison.OrdinalIgnoreCase);

        var digit = Digits(1);
        var next = new float[contract.OutputItemSize];
        session.Run(digit, 1, next, expiresAt: long.MaxValue);
        Assert.All(next, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(next, v => v != 0);
    }

    [Fact]
    public void AnOutputShapeTheModelDoesNotProduceFailsWithOnnxRuntimesOwnMessage()
    {
        // The contract check refuses such a manifest at load; here the session is handed the wrong shape directly.
        var (session, _) = Open("mlp-classifier", maxBatchSize: 2, c => c with { OutputShape = [-1, 5] });
        using var _ = session;
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(Digits(2), 2, new float[2 * 5]));
        Assert.StartsWith("[ErrorCode:InvalidArgument] Got invalid dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchLargerThanTheBuffersIsRefusedBeforeReachingOnnxRuntime()
    {
        var (session, contract) = Open("mlp-classifier", maxBatchSize: 2);
        using var _ = session;
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Run(Digits(3), 3, new float[3 * contract.OutputItemSize]));
        Assert.Throws<ArgumentException>(() => session.Run(Digits(2), 2, new float[contract.OutputItemSize]));
    }

    [Fact]
    public void DisposingTwiceIsHarmlessAndARunAfterDisposeIsRefused()
    {
        var (session, contract) = Open("mlp-classifier", maxBatchSize: 1);
        session.Run(Digits(1), 1, new float[contract.OutputItemSize]);
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(Digits(1), 1, new float[contract.OutputItemSize]));
    }
}
