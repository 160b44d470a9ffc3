using System.Diagnostics;
using System.Text.Json;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>
/// Feeds N mutated seed files (1-4 stacked mutations, PNG CRCs repaired half of the time so damage reaches zlib and
/// the filters) through the upload path (decode + preprocess) under a per-input deadline (cancellation, as the service
/// passes it) and watchdog, and prints a summary. Failing and stopped inputs are saved for replay.
/// </summary>
public static class FuzzRun
{
    public static int Execute(FuzzOptions options)
    {
        (string Format, byte[] Bytes)[] seeds = LoadSeeds(options.Corpus, options.ExtraSeeds);
        var inputsByFormat = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var random = new Random(options.Seed);
        var refusals = new Dictionary<ImageErrorKind, int>();
        int decoded = 0, crashed = 0, invalid = 0, hung = 0, stopped = 0;
        var defects = new Dictionary<string, int>();
        long largestAllocation = 0;
        var clock = Stopwatch.StartNew();
        for (int n = 0; n < options.Count; n++)
        {
            (string format, byte[] data) = seeds[random.Next(seeds.Length)];
            inputsByFormat[format] = inputsByFormat.GetValueOrDefault(format) + 1;
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                data = Mutation.Random(random).Apply(data);
            }

            if (random.Next(2) == 0)
            {
                data = Mutation.RepairPngCrcs(data);
            }

            DecodeOutcome outcome = DecodeHarness.Run(data, ImageLimits.Default, options.Watchdog, options.Deadline);
            largestAllocation = Math.Max(largestAllocation, outcome.AllocatedBytes);
            switch (outcome.Kind)
            {
                case OutcomeKind.Decoded:
                    decoded++;
                    break;
                case OutcomeKind.Refused:
                    refusals[outcome.ErrorKind!.Value] = refusals.GetValueOrDefault(outcome.ErrorKind.Value) + 1;
                    if (outcome.IsLibraryDefect)
                    {
                        string where = $"{outcome.Exception!.InnerException!.GetType().Name} in {outcome.Exception.InnerException.TargetSite?.DeclaringType?.Name}.{outcome.Exception.InnerException.TargetSite?.Name}";
                        defects[where] = defects.GetValueOrDefault(where) + 1;
                    }

                    break;
                case OutcomeKind.Stopped:
                    stopped++;
                    Save(options.Failures, n, data);
                    break;
                default:
                    _ = outcome.Kind switch
                    {
                        OutcomeKind.Crashed => crashed++,
                        OutcomeKind.Hung => hung++,
                        _ => invalid++,
                    };
                    string saved = Save(options.Failures, n, data);
                    Console.WriteLine($"input {n}: {outcome.Kind} {outcome.Exception?.GetType().Name}: {outcome.Exception?.Message} (saved to {saved})");
                    break;
            }

            if ((n + 1) % 10_000 == 0)
            {
                Console.WriteLine($"  {n + 1:N0} inputs, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine();
        Console.WriteLine($"Fuzz summary (seed {options.Seed}, {seeds.Length} seed files, deadline {options.Deadline.TotalSeconds:F1} s and watchdog {options.Watchdog.TotalSeconds:F1} s more per input)");
        Console.WriteLine($"  mutated from           {string.Join(", ", inputsByFormat.Select(p => $"{p.Key} {p.Value:N0}"))}");
        Console.WriteLine($"  inputs                 {options.Count:N0} in {clock.Elapsed.TotalSeconds:F1} s ({options.Count / clock.Elapsed.TotalSeconds:F0}/s)");
        Console.WriteLine($"  decoded                {decoded:N0}");
        Console.WriteLine($"  refused (expected)     {refusals.Values.Sum():N0}: {string.Join(", ", refusals.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}");
        Console.WriteLine($"  of which ImageSharp threw an undocumented exception (answered 400): {defects.Values.Sum():N0}");
        foreach ((string where, int count) in defects.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"      {count,7:N0}  {where}");
        }

        Console.WriteLine($"  stopped at the {options.Deadline.TotalSeconds:F1} s deadline {stopped}");
        Console.WriteLine($"  unexpected exceptions  {crashed}");
        Console.WriteLine($"  invalid outputs        {invalid}");
        Console.WriteLine($"  hangs                  {hung}");
        Console.WriteLine($"  peak working set       {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
        Console.WriteLine($"  largest allocation     {largestAllocation / (1024.0 * 1024):F1} MiB for one input");
        return crashed + invalid + hung == 0 ? 0 : 1;
    }

    /// <summary>Every corpus file, plus the extra seeds (formats the corpus has few of), each with its format's name.</summary>
    private static (string Format, byte[] Bytes)[] LoadSeeds(string corpus, string extraSeeds)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "manifest.json")));
        IEnumerable<string> files = manifest.RootElement.EnumerateArray()
            .Select(e => Path.Combine(corpus, e.GetProperty("file").GetString()!))
            .Concat(Directory.Exists(extraSeeds) ? Directory.GetFiles(extraSeeds).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)) : []);
        return [.. files.Select(f => (FormatOf(File.ReadAllBytes(f)), File.ReadAllBytes(f)))];
    }

    private static string FormatOf(byte[] data)
    {
        try
        {
            return ImageDecoder.Probe(data).Format.ToString();
        }
        catch (ImageDecodeException)
        {
            return "other";
        }
    }

    private static string Save(string directory, int n, byte[] data)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"input-{n}.bin");
        File.WriteAllBytes(path, data);
        return path;
    }
}
