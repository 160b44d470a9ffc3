using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class ErrorTests
{
    private static readonly GemmSigmoidReference Reference = GemmSigmoidReference.Load();

    [Fact]
    public void MissingModelFileIsReportedByOrtWithThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<OrtException>(() => FixtureModels.Open(missing));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(missing, error.RuntimeMessage, StringComparison.Ordinal);
        Assert.Equal("CreateSession", error.FailedCall);
        Assert.Contains(error.RuntimeMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptModelBytesAreRejectedAsInvalidProtobuf()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.onnx");
        var garbage = new byte[512];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);
        try
        {
            var error = Assert.Throws<OrtException>(() => FixtureModels.Open(path));

            Assert.Contains(error.ErrorCode, new[] { OrtErrorCode.InvalidProtobuf, OrtErrorCode.Fail });
            Assert.False(string.IsNullOrWhiteSpace(error.RuntimeMessage));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TruncatedModelBytesInMemoryAreRejected()
    {
        var bytes = File.ReadAllBytes(FixtureModels.GemmSigmoid);

        var error = Assert.Throws<OrtException>(() =>
            InferenceSession.CreateFromMemory(FixtureModels.Environment, bytes.AsMemory(0, bytes.Length / 2), new SessionSettings()));

        Assert.Contains(error.ErrorCode, new[] { OrtErrorCode.InvalidProtobuf, OrtErrorCode.Fail });
        Assert.Equal("CreateSessionFromArray", error.FailedCall);
    }

    [Fact]
    public void UnknownInputNameFailsAndTheSessionKeepsWorking()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var input = Reference.MakeInput(1, seed: 1);
        var output = new float[Reference.Units];

        var error = Assert.Throws<OrtException>(() =>
            session.Run("no_such_input", input, [1, Reference.Features], "output", output, [1, Reference.Units]));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("no_such_input", error.RuntimeMessage, StringComparison.Ordinal);
        AssertSessionStillComputes(session);
    }

    [Fact]
    public void UnknownOutputNameFailsInTheAllocatingRun()
    {
        using var session = FixtureModels.Open(FixtureModels.TwoOutputs);

        var error = Assert.Throws<OrtException>(() => session.Run("x", new float[5], [1, 5], ["doubled", "nope"]));

        Assert.Contains("nope", error.RuntimeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongInputShapeFailsAndTheSessionKeepsWorking()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var wrongWidth = Reference.Features + 1;

        var error = Assert.Throws<OrtException>(() =>
            session.Run("input", new float[wrongWidth], [1, wrongWidth], ["output"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Equal("Run", error.FailedCall);
        AssertSessionStillComputes(session);
    }

    [Fact]
    public void OutputShapeThatDiffersFromTheModelsIsRejectedByOrt()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);
        var input = Reference.MakeInput(1, seed: 3);
        var tooWide = new float[Reference.Units + 1];

        var error = Assert.Throws<OrtException>(() =>
            session.Run("input", input, [1, Reference.Features], "output", tooWide, [1, Reference.Units + 1]));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("invalid dimensions for output", error.RuntimeMessage, StringComparison.Ordinal);
        AssertSessionStillComputes(session);
    }

    [Fact]
    public void FloatDataForAnInt64InputIsATypeError()
    {
        using var session = FixtureModels.Open(FixtureModels.Int64Input);

        var error = Assert.Throws<OrtException>(() => session.Run("ids", new float[2], [1, 2], ["as_float"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("type", error.RuntimeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NonFloatOutputIsRefusedByTheCopyingRunWithItsName()
    {
        using var session = FixtureModels.Open(FixtureModels.ArgMaxOutput);
        Assert.Equal(TensorElementType.Int64, Assert.Single(session.Outputs).ElementType);

        var error = Assert.Throws<NotSupportedException>(() => session.Run("scores", [0.1f, 0.7f, 0.2f], [1, 3], ["index"]));

        Assert.Contains("'index'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeDimensionInAConcreteShapeIsRejected()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        var error = Assert.Throws<ArgumentException>(() => session.Run("input", new float[8], [-1, 8], ["output"]));

        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BufferThatDoesNotFillItsShapeIsRejectedBeforeReachingOrt()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        Assert.Throws<ArgumentException>(() =>
            session.Run("input", new float[Reference.Features - 1], [1, Reference.Features], ["output"]));
        Assert.Throws<ArgumentException>(() =>
            session.Run("input", new float[Reference.Features], [1, Reference.Features], "output", new float[2], [1, Reference.Units]));
    }

    [Fact]
    public void InvalidSettingsAreRejectedWithTheirName()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            FixtureModels.Open(FixtureModels.GemmSigmoid, new SessionSettings { CudnnConvAlgoSearch = "FASTEST" }));

        Assert.Contains("CudnnConvAlgoSearch", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            FixtureModels.Open(FixtureModels.GemmSigmoid, new SessionSettings { IntraOpThreads = -1 }));
    }

    private static void AssertSessionStillComputes(InferenceSession session)
    {
        var input = Reference.MakeInput(2, seed: 77);
        var output = new float[2 * Reference.Units];
        session.Run("input", input, [2, Reference.Features], "output", output, [2, Reference.Units]);
        var expected = Reference.Compute(input, 2);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - output[i]) <= 1e-5f, $"element {i}: expected {expected[i]}, got {output[i]}");
        }
    }
}
