using System.Globalization;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>
/// Command-line options of the fuzz run: <c>[--count N] [--seed S] [--watchdog-ms T] [--corpus DIR] [--failures DIR]
/// [--seeds DIR] [--replay FILE]</c>.
/// </summary>
public sealed record FuzzOptions(int Count, int Seed, TimeSpan Watchdog, string Corpus, string Failures, string? Replay = null)
{
    /// <summary>Seed files besides the corpus (TGA, lossy WebP, GIF variants).</summary>
    public string ExtraSeeds { get; init; } = Path.Combine(RepositoryRoot(), "tests", "Imaging.Fuzz", "Seeds");

    /// <summary>Each input is cancelled after this long: one taking longer counts as stopped (a hang over 1 s).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(1);

    public static FuzzOptions Parse(string[] args)
    {
        string root = RepositoryRoot();
        var options = new FuzzOptions(
            100_000,
            1,
            TimeSpan.FromSeconds(5),
            Path.Combine(root, "tests", "Imaging.Tests", "Corpus"),
            Path.Combine(Path.GetTempPath(), "imaging-fuzz-failures"));
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--count" => options with { Count = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--deadline-ms" => options with { Deadline = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--watchdog-ms" => options with { Watchdog = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--corpus" => options with { Corpus = Next() },
                "--failures" => options with { Failures = Next() },
                "--seeds" => options with { ExtraSeeds = Next() },
                "--replay" => options with { Replay = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --count N --seed S --deadline-ms T --watchdog-ms T --corpus DIR --failures DIR --seeds DIR --replay FILE"),
            };
        }

        return options;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DenoiseApi.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
