using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class SessionMetadataTests
{
    [Fact]
    public void GemmModelReportsNamesTypesAndDynamicBatch()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([-1L, 8L], input.Shape);

        var output = Assert.Single(session.Outputs);
        Assert.Equal("output", output.Name);
        Assert.Equal(TensorElementType.Float, output.ElementType);
        Assert.Equal([-1L, 3L], output.Shape);
    }

    [Fact]
    public void TwoOutputModelListsBothOutputsInOrder()
    {
        using var session = FixtureModels.Open(FixtureModels.TwoOutputs);

        Assert.Equal(["doubled", "total"], session.Outputs.Select(o => o.Name));
        Assert.Equal([-1L, 5L], session.Outputs[0].Shape);
        Assert.Equal([-1L, 1L], session.Outputs[1].Shape);
    }

    [Fact]
    public void Int64InputIsReportedAsInt64()
    {
        using var session = FixtureModels.Open(FixtureModels.Int64Input);

        Assert.Equal(TensorElementType.Int64, Assert.Single(session.Inputs).ElementType);
        Assert.Equal(TensorElementType.Float, Assert.Single(session.Outputs).ElementType);
    }

    [Fact]
    public void CustomMetadataAndModelFieldsComeFromTheOnnxFile()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        Assert.Equal(2, session.CustomMetadata.Count);
        Assert.Equal("interop-test", session.CustomMetadata["purpose"]);
        Assert.Equal("3", session.CustomMetadata["units"]);
        Assert.Equal("denoiseapi-fixtures", session.ProducerName);
        Assert.Equal("gemm_sigmoid", session.GraphName);
        Assert.Equal(3, session.ModelVersion);
    }

    [Fact]
    public void ModelWithoutMetadataHasAnEmptyMap()
    {
        using var session = FixtureModels.Open(FixtureModels.TwoOutputs);

        Assert.Empty(session.CustomMetadata);
    }

    [Fact]
    public void CpuSessionUsesTheCpuWithoutFallbackReason()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Null(session.ProviderFallbackReason);
    }

    [Fact]
    public void ReportedShapesCannotBeChangedByCallers()
    {
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid);

        Assert.False(session.Inputs[0].Shape is long[]);
        Assert.False(session.Inputs is NodeMetadata[]);
        Assert.Throws<NotSupportedException>(() => ((IList<long>)session.Inputs[0].Shape)[0] = 5);
    }

    [Fact]
    public void SessionFromMemoryMatchesSessionFromFile()
    {
        var bytes = File.ReadAllBytes(FixtureModels.GemmSigmoid);
        using var fromFile = FixtureModels.Open(FixtureModels.GemmSigmoid);
        using var fromMemory = InferenceSession.CreateFromMemory(FixtureModels.Environment, bytes, new SessionSettings());
        Array.Clear(bytes); // ORT parsed the bytes during creation and keeps no reference to them
        float[] input = [0.5f, -1, 2, 0, 1, -0.25f, 0.75f, -2];
        var a = new float[3];
        var b = new float[3];

        fromFile.Run("input", input, [1, 8], "output", a, [1, 3]);
        fromMemory.Run("input", input, [1, 8], "output", b, [1, 3]);

        Assert.Equal(fromFile.Inputs[0].Shape, fromMemory.Inputs[0].Shape);
        Assert.Equal(fromFile.CustomMetadata["purpose"], fromMemory.CustomMetadata["purpose"]);
        Assert.Equal(a, b);
    }
}
