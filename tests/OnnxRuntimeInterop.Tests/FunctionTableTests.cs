using DenoiseApi.OnnxRuntime.Native;
using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

/// <summary>
/// Reaches the table entries the public surface only touches on rare paths, so a wrong index shows up here
/// (as a crash or a wrong status) rather than in production.
/// </summary>
public sealed class FunctionTableTests
{
    [Fact]
    public void MemoryInfoIsCreatedAndReleased()
    {
        var info = OrtApi.Instance.CreateCpuMemoryInfo();

        Assert.False(info.IsInvalid);
        info.Dispose();
        Assert.True(info.IsClosed);
    }

    [Fact]
    public void CudaOptionsAreCreatedAndTheirUpdateAndAppendFailWithOrtStatusesOnTheCpuBuild()
    {
        _ = FixtureModels.Environment; // ORT's provider bridge logs through the environment's logger
        var api = OrtApi.Instance;
        using var cuda = api.CreateCudaProviderOptions();
        using var options = api.CreateSessionOptions();

        var update = Assert.Throws<OrtException>(() => api.UpdateCudaProviderOptions(cuda, [new("device_id", "0")]));
        var append = Assert.Throws<OrtException>(() => api.AppendCudaExecutionProvider(options, cuda));

        Assert.Equal("UpdateCUDAProviderOptions", update.FailedCall);
        Assert.Equal("SessionOptionsAppendExecutionProvider_CUDA_V2", append.FailedCall);
        Assert.Equal(OrtErrorCode.Fail, append.ErrorCode);
    }

    [Fact]
    public void StatusCodeAndMessageAreReadFromTheStatus()
    {
        // CreateSession on a missing file yields a status whose code (GetErrorCode) and text (GetErrorMessage)
        // must agree with each other.
        var error = Assert.Throws<OrtException>(() => FixtureModels.Open("/nonexistent/model.onnx"));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains("/nonexistent/model.onnx", error.RuntimeMessage, StringComparison.Ordinal);
    }
}
