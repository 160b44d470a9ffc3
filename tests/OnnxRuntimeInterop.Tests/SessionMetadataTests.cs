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
}
