using System.Runtime.InteropServices;
using DenoiseApi.OnnxRuntime.Native;
using DenoiseApi.OnnxRuntime.Tests.Fixtures;

namespace DenoiseApi.OnnxRuntime.Tests;

public sealed class LibrarySearchTests
{
    private const string CacheRoot = "/cache-root";

    [Fact]
    public void ConfiguredPathIsTheOnlyCandidate()
    {
        var order = OrtLibrary.SearchOrder("/opt/ort/libonnxruntime.so.1", "/env/libonnxruntime.so.1", CacheRoot);

        Assert.Equal([new LibraryCandidate("/opt/ort/libonnxruntime.so.1", IsFile: true)], order);
    }

    [Fact]
    public void EnvironmentVariableIsTheOnlyCandidateWithoutConfigure()
    {
        var order = OrtLibrary.SearchOrder(null, "/env/libonnxruntime.so.1", CacheRoot);

        Assert.Equal([new LibraryCandidate("/env/libonnxruntime.so.1", IsFile: true)], order);
    }

    [Fact]
    public void DefaultOrderIsTheVersionedCacheThenTheSystemLoader()
    {
        var order = OrtLibrary.SearchOrder(null, "  ", CacheRoot);

        Assert.Equal(
            [
                new LibraryCandidate("/cache-root/onnxruntime/1.30.0/libonnxruntime.so.1", IsFile: true),
                new LibraryCandidate("libonnxruntime.so.1", IsFile: false),
                new LibraryCandidate("onnxruntime", IsFile: false),
            ],
            order);
    }

    [Fact]
    public void FailureListsEveryCandidateAndTheSetupScript()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-ort-{Guid.NewGuid():N}.so");
        var notALibrary = FixtureModels.GemmSigmoid;

        var error = Assert.Throws<DllNotFoundException>(() => OrtLibrary.LoadFirst(
            [new LibraryCandidate(missing, IsFile: true), new LibraryCandidate(notALibrary, IsFile: true)]));

        Assert.Contains($"{missing} (no such file)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{notALibrary} (failed to load)", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.LibraryPathVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstLoadableCandidateWins()
    {
        var real = OrtLibrary.LoadedPath;
        var missing = Path.Combine(Path.GetTempPath(), $"no-ort-{Guid.NewGuid():N}.so");

        var (handle, path) = OrtLibrary.LoadFirst(
            [new LibraryCandidate(missing, IsFile: true), new LibraryCandidate(real, IsFile: Path.IsPathRooted(real))]);
        try
        {
            Assert.Equal(real, path);
            Assert.NotEqual(IntPtr.Zero, handle);
        }
        finally
        {
            NativeLibrary.Free(handle); // balances the extra dlopen reference; the library stays loaded
        }
    }
}
