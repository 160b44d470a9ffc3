namespace DenoiseApi.Tests.Infrastructure;

/// <summary>Where the committed models are, and throw-away copies of them for tests that change a repository.</summary>
public static class Repository
{
    /// <summary>The repository root (the folder holding DenoiseApi.sln).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DenoiseApi.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException($"No DenoiseApi.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The committed models (models/ at the repository root); DENOISEAPI_TEST_MODELS points the tests elsewhere.</summary>
    public static string Models =>
        Environment.GetEnvironmentVariable("DENOISEAPI_TEST_MODELS") is { Length: > 0 } other ? other : Path.Combine(Root, "models");

    /// <summary>A fresh temporary folder holding copies of the named models' version folders.</summary>
    /// <summary>The first dense models as the defaults, for a repository copy holding only them (the shipped defaults are conv models).</summary>
    public static IReadOnlyDictionary<string, string> DenseDefaults { get; } = new Dictionary<string, string>
    {
        ["Models:DefaultDenoiser"] = "dense-dae-64",
        ["Models:DefaultEncoder"] = "dense-dae-64-encoder",
        ["Models:DefaultClassifier"] = "mlp-classifier",
    };

    /// <summary><see cref="DenseDefaults"/> plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string> WithDenseDefaults(IReadOnlyDictionary<string, string> more) =>
        DenseDefaults.Concat(more).ToDictionary(kv => kv.Key, kv => kv.Value);

    public static TemporaryModels CopyOf(params string[] names)
    {
        var target = Directory.CreateTempSubdirectory("denoiseapi-models-").FullName;
        foreach (var name in names) CopyDirectory(Path.Combine(Models, name), Path.Combine(target, name));
        return new TemporaryModels(target);
    }

    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(source)) CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
    }
}

/// <summary>A temporary model repository, deleted on dispose.</summary>
public sealed class TemporaryModels(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A session may still hold a file open on some systems; the temp folder is cleaned by the OS later.
        }
    }
}
