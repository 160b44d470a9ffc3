using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class OrtLibraryTests
{
    [Fact]
    public void RuntimeVersionIsTheExpectedRelease()
    {
        Assert.Equal("1.30.0", OrtLibrary.RuntimeVersion);
        Assert.Equal(OrtLibrary.ExpectedVersion, OrtLibrary.RuntimeVersion);
    }

    [Fact]
    public void RuntimeOffersCApiVersion30AndNothingNewer()
    {
        // ORT_API_VERSION of 1.30 is 30: GetApi answers up to it and returns null beyond.
        Assert.True(OrtLibrary.SupportsApiVersion(30));
        Assert.True(OrtLibrary.SupportsApiVersion(11));
        Assert.False(OrtLibrary.SupportsApiVersion(31));
    }

    [Fact]
    public void AvailableProvidersIncludeTheCpuProvider()
    {
        // GetAvailableProviders lists what the build knows about, not what can load: the npm CPU build also names
        // CUDA/TensorRT (their provider libraries are absent, see ProviderFallbackTests).
        var providers = OrtLibrary.AvailableProviders;

        Assert.Contains("CPUExecutionProvider", providers);
        Assert.All(providers, p => Assert.EndsWith("ExecutionProvider", p, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadedPathIsAnExistingLibraryFile()
    {
        var path = OrtLibrary.LoadedPath;

        Assert.EndsWith("libonnxruntime.so.1", path, StringComparison.Ordinal);
        Assert.True(File.Exists(path), $"{path} should exist");
    }

    [Fact]
    public void ConfigureWithMissingFileNamesThePathAndTheSetupScript()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-ort-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        var error = Assert.Throws<FileNotFoundException>(() => OrtLibrary.Configure(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureCannotSwitchLibraryAfterLoading()
    {
        _ = OrtLibrary.RuntimeVersion; // forces the load
        var otherExistingFile = FixtureModels.GemmSigmoid;

        var error = Assert.Throws<InvalidOperationException>(() => OrtLibrary.Configure(otherExistingFile));

        Assert.Contains(OrtLibrary.LoadedPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureWithTheLoadedPathOrNullAfterLoadingIsHarmless()
    {
        var loaded = OrtLibrary.LoadedPath;
        if (Path.IsPathRooted(loaded))
        {
            OrtLibrary.Configure(loaded);
        }

        OrtLibrary.Configure(null);

        Assert.Equal(loaded, OrtLibrary.LoadedPath);
    }
}
