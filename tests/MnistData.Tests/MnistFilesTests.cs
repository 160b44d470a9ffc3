using DenoiseApi.MnistData.Tests.Fixtures;

namespace DenoiseApi.MnistData.Tests;

public sealed class MnistFilesTests
{
    [Fact]
    public void FindsRawFilesInTheGivenDirectory()
    {
        using var dir = new TempDirectory();
        IdxBytes.WriteMnistSet(dir.Path, "train", 3, gzip: false);
        IdxBytes.WriteMnistSet(dir.Path, "t10k", 2, gzip: false);

        MnistFiles files = MnistFiles.Locate(dir.Path);

        Assert.Equal(dir.File("train-images-idx3-ubyte"), files.TrainImages);
        Assert.Equal(dir.File("train-labels-idx1-ubyte"), files.TrainLabels);
        Assert.Equal(dir.File("t10k-images-idx3-ubyte"), files.TestImages);
        Assert.Equal(dir.File("t10k-labels-idx1-ubyte"), files.TestLabels);
    }

    [Fact]
    public void FindsGzippedFiles()
    {
        using var dir = new TempDirectory();
        IdxBytes.WriteMnistSet(dir.Path, "train", 3, gzip: true);
        IdxBytes.WriteMnistSet(dir.Path, "t10k", 2, gzip: false);

        MnistFiles files = MnistFiles.Locate(dir.Path);

        Assert.Equal(dir.File("train-images-idx3-ubyte.gz"), files.TrainImages);
        Assert.Equal(dir.File("t10k-images-idx3-ubyte"), files.TestImages);
    }

    [Fact]
    public void MissingFilesPointAtTheSetupScript()
    {
        using var dir = new TempDirectory();
        IdxBytes.WriteMnistSet(dir.Path, "train", 3, gzip: false);

        var e = Assert.Throws<FileNotFoundException>(() => MnistFiles.Locate(dir.Path));

        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-images-idx3-ubyte", e.Message, StringComparison.Ordinal);
        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("train-images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultDirectoryIsTheCacheMnistFolder()
    {
        string? cache = Environment.GetEnvironmentVariable("DENOISEAPI_CACHE");
        string expectedRoot = string.IsNullOrWhiteSpace(cache)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi")
            : cache;

        Assert.Equal(Path.Combine(expectedRoot, "mnist"), MnistFiles.DefaultDirectory());
    }
}
