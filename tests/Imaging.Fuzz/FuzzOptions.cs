using System.Globalization;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>
/// Command-line options: <c>[--count N] [--seed S] [--watchdog-ms T] [--corpus DIR] [--failures DIR] [--bench]
/// [--replay FILE] [--zlib]</c>. <c>--zlib</c> fuzzes the own zlib inflater against ZLibStream instead of the decoder.
/// </summary>
public sealed record FuzzOptions(int Count, int Seed, TimeSpan Watchdog, string Corpus, string Failures, bool Bench, string? Replay = null, bool Zlib = false)
{
    public static FuzzOptions Parse(string[] args)
    {
        string root = RepositoryRoot();
        var options = new FuzzOptions(
            100_000,
            1,
            TimeSpan.FromSeconds(5),
            Path.Combine(root, "tests", "Imaging.Tests", "Corpus"),
            Path.Combine(Path.GetTempPath(), "imaging-fuzz-failures"),
            false);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--count" => options with { Count = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--watchdog-ms" => options with { Watchdog = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--corpus" => options with { Corpus = Next() },
                "--failures" => options with { Failures = Next() },
                "--bench" => options with { Bench = true },
                "--replay" => options with { Replay = Next() },
                "--zlib" => options with { Zlib = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --count N --seed S --watchdog-ms T --corpus DIR --failures DIR --bench --replay FILE --zlib"),
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
