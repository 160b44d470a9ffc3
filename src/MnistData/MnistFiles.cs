namespace DenoiseApi.MnistData;

/// <summary>
/// Where the four MNIST IDX files are. <see cref="Locate"/> looks in the given directory, else in
/// <c>$DENOISEAPI_CACHE/mnist</c>, else in <c>~/.cache/denoiseapi/mnist</c> (where scripts/setup.sh puts them), and
/// accepts each file raw or gzipped (<c>.gz</c>).
/// </summary>
public sealed record MnistFiles(string Directory, string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    /// <summary>Environment variable naming the cache root (scripts/setup.sh honours it too).</summary>
    public const string CacheVariable = "DENOISEAPI_CACHE";

    /// <summary>File name of the 60,000 training images (the name on the MNIST site, without <c>.gz</c>).</summary>
    public const string TrainImagesName = "train-images-idx3-ubyte";

    /// <summary>File name of the 60,000 training labels.</summary>
    public const string TrainLabelsName = "train-labels-idx1-ubyte";

    /// <summary>File name of the 10,000 test images.</summary>
    public const string TestImagesName = "t10k-images-idx3-ubyte";

    /// <summary>File name of the 10,000 test labels.</summary>
    public const string TestLabelsName = "t10k-labels-idx1-ubyte";

    private static readonly string[] BaseNames = [TrainImagesName, TrainLabelsName, TestImagesName, TestLabelsName];

    /// <summary>The directory searched when none is given: $DENOISEAPI_CACHE/mnist or ~/.cache/denoiseapi/mnist.</summary>
    public static string DefaultDirectory()
    {
        string? cache = Environment.GetEnvironmentVariable(CacheVariable);
        if (string.IsNullOrWhiteSpace(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi");
        }

        return Path.Combine(cache, "mnist");
    }

    /// <summary>Finds the four files in <paramref name="dataDir"/> (or the default directory when null).</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says where it looked and how to fetch MNIST.</exception>
    public static MnistFiles Locate(string? dataDir)
    {
        string directory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDir) ? DefaultDirectory() : dataDir);
        var found = new string[BaseNames.Length];
        var missing = new List<string>();
        for (int i = 0; i < BaseNames.Length; i++)
        {
            string raw = Path.Combine(directory, BaseNames[i]);
            string gz = raw + ".gz";
            found[i] = File.Exists(raw) ? raw : File.Exists(gz) ? gz : "";
            if (found[i].Length == 0)
            {
                missing.Add(BaseNames[i] + "[.gz]");
            }
        }

        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"MNIST not found in {directory}: missing {string.Join(", ", missing)}. " +
                $"Run scripts/setup.sh to download and verify it into ~/.cache/denoiseapi (or ${CacheVariable}), " +
                "or pass a directory holding the four IDX files.");
        }

        return new MnistFiles(directory, found[0], found[1], found[2], found[3]);
    }
}
