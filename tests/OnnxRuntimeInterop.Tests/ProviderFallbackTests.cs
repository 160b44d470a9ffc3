using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class ProviderFallbackTests
{
    [Fact]
    public void CudaRequestedOnTheCpuBuildFallsBackToCpuWithOrtsReason()
    {
        var settings = new SessionSettings
        {
            Provider = ExecutionProvider.Cuda,
            CudaDeviceId = 0,
            CudaMemoryLimitBytes = 256L * 1024 * 1024,
            CudnnConvAlgoSearch = "HEURISTIC",
        };

        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid, settings);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        // ORT's own words: this build's CUDA bridge cannot load the shared provider library.
        Assert.NotNull(session.ProviderFallbackReason);
        Assert.Contains("libonnxruntime_providers", session.ProviderFallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FallenBackSessionComputesCorrectly()
    {
        var reference = GemmSigmoidReference.Load();
        using var session = FixtureModels.Open(FixtureModels.GemmSigmoid, new SessionSettings { Provider = ExecutionProvider.Cuda });
        var input = reference.MakeInput(3, seed: 9);
        var output = new float[3 * reference.Units];

        session.Run("input", input, [3, reference.Features], "output", output, [3, reference.Units]);

        var expected = reference.Compute(input, 3);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - output[i]) <= 1e-5f, $"element {i}: expected {expected[i]}, got {output[i]}");
        }
    }

    [Fact]
    public void MissingModelWithCudaRequestedStillReportsTheModelError()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<OrtException>(() =>
            FixtureModels.Open(missing, new SessionSettings { Provider = ExecutionProvider.Cuda }));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
    }
}
