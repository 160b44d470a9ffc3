using System.Diagnostics;
using System.IO.Compression;
using DenoiseApi.Imaging.Png;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>How the own inflater and ZLibStream handled one mutated zlib stream.</summary>
public enum ZlibVerdict
{
    /// <summary>Both produced the same bytes.</summary>
    BothInflated,

    /// <summary>Both refused it (the own inflater as Malformed).</summary>
    BothRefused,

    /// <summary>ZLibStream read it, the own inflater refused it: a behaviour change.</summary>
    OnlyZlibInflated,

    /// <summary>The own inflater read it, ZLibStream refused it: a behaviour change.</summary>
    OnlyOwnInflated,

    /// <summary>Both read it but the bytes differ: a bug.</summary>
    Different,

    /// <summary>The own inflater threw something other than a Malformed <see cref="ImageDecodeException"/>: a bug.</summary>
    Crashed,

    /// <summary>The own inflater did not finish within the watchdog time: a bug.</summary>
    Hung,
}

/// <summary>
/// Differential fuzzing of <see cref="ZlibInflater"/> against ZLibStream read exactly as the PNG decoder read it before:
/// real zlib streams (the corpus PNGs' IDAT data, .NET's deflater at every level, the fixed-code writer) are mutated and
/// both inflaters asked for the original length (or, a quarter of the time, another length). Every input must get the
/// same verdict from both. Streams are kept under ZLibStream's 8 KiB input buffer, so its zlib sees the whole stream.
/// </summary>
public static class ZlibDifferentialRun
{
    private const int MaxStream = 8 * 1024;

    public static int Execute(FuzzOptions options)
    {
        (byte[] Stream, int Length)[] seeds = Seeds(options.Corpus);
        var random = new Random(options.Seed);
        var verdicts = new Dictionary<ZlibVerdict, int>();
        var clock = Stopwatch.StartNew();
        int failures = 0;
        for (int n = 0; n < options.Count; n++)
        {
            (byte[] data, int length) = seeds[random.Next(seeds.Length)];
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                data = Mutation.Random(random).Apply(data);
            }

            if (random.Next(4) == 0)
            {
                length = random.Next(1, (2 * length) + 2);
            }

            (ZlibVerdict verdict, string detail) = Compare(data, length, options.Watchdog);
            verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
            if (verdict is not (ZlibVerdict.BothInflated or ZlibVerdict.BothRefused))
            {
                failures++;
                string saved = Save(options.Failures, n, length, data);
                Console.WriteLine($"input {n} (length {length}): {verdict}: {detail} (saved to {saved})");
            }

            if ((n + 1) % 50_000 == 0)
            {
                Console.WriteLine($"  {n + 1:N0} inputs, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"zlib differential summary (seed {options.Seed}, {seeds.Length} seed streams)");
        Console.WriteLine($"  inputs   {options.Count:N0} in {clock.Elapsed.TotalSeconds:F1} s ({options.Count / clock.Elapsed.TotalSeconds:F0}/s)");
        foreach (var (verdict, count) in verdicts.OrderBy(p => p.Key))
        {
            Console.WriteLine($"  {verdict,-18} {count:N0}");
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs both inflaters on one stream; the detail names each side's outcome.</summary>
    public static (ZlibVerdict Verdict, string Detail) Compare(byte[] stream, int length, TimeSpan watchdog)
    {
        var ownOutput = new byte[length];
        var own = Task.Run(() =>
        {
            try
            {
                ZlibInflater.Inflate(stream, ownOutput);
                return (Exception?)null;
            }
#pragma warning disable CA1031 // Catching everything is the point: any exception but Malformed is the bug being hunted.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return e;
            }
        });
        if (!own.Wait(watchdog))
        {
            return (ZlibVerdict.Hung, "own inflater");
        }

        Exception? ownError = own.Result;
        if (ownError is not null and not ImageDecodeException { Kind: ImageErrorKind.Malformed })
        {
            return (ZlibVerdict.Crashed, ownError.ToString());
        }

        var zlibOutput = new byte[length];
        Exception? zlibError = null;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(stream), CompressionMode.Decompress);
            zlib.ReadExactly(zlibOutput);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            zlibError = e;
        }

        string detail = $"own: {ownError?.Message ?? "inflated"}; ZLibStream: {zlibError?.Message ?? "inflated"}";
        return (ownError, zlibError) switch
        {
            (null, null) => (ownOutput.AsSpan().SequenceEqual(zlibOutput) ? ZlibVerdict.BothInflated : ZlibVerdict.Different, detail),
            (null, _) => (ZlibVerdict.OnlyOwnInflated, detail),
            (_, null) => (ZlibVerdict.OnlyZlibInflated, detail),
            _ => (ZlibVerdict.BothRefused, detail),
        };
    }

    /// <summary>Seed streams of at most 8 KiB with their inflated lengths.</summary>
    private static (byte[], int)[] Seeds(string corpus)
    {
        var seeds = new List<(byte[], int)>();
        foreach (string file in Directory.GetFiles(corpus, "*.png"))
        {
            byte[] png = File.ReadAllBytes(file);
            var idat = new List<byte>();
            foreach (int start in Mutation.PngChunkStarts(png))
            {
                int length = (png[start] << 24) | (png[start + 1] << 16) | (png[start + 2] << 8) | png[start + 3];
                if (png.AsSpan(start + 4, 4).SequenceEqual("IDAT"u8))
                {
                    idat.AddRange(png.AsSpan(start + 8, length));
                }
            }

            if (idat.Count is > 0 and <= MaxStream)
            {
                seeds.Add(([.. idat], InflatedLength([.. idat])));
            }
        }

        var random = new Random(1);
        foreach (int size in new[] { 1, 17, 300, 812, 3000, 20_000 })
        {
            var data = new byte[size];
            for (int i = 0; i < size; i++)
            {
                data[i] = (byte)(random.Next(3) == 0 ? random.Next(256) : (i / 40 % 2) * 255);
            }

            seeds.Add((FixedHuffmanZlib.Compress(data), size));
            foreach (CompressionLevel level in Enum.GetValues<CompressionLevel>())
            {
                byte[] stream = Deflate(data, level);
                if (stream.Length <= MaxStream)
                {
                    seeds.Add((stream, size));
                }
            }
        }

        return [.. seeds];
    }

    private static int InflatedLength(byte[] stream)
    {
        using var zlib = new ZLibStream(new MemoryStream(stream), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return (int)output.Length;
    }

    private static byte[] Deflate(byte[] data, CompressionLevel level)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static string Save(string directory, int n, int length, byte[] data)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"zlib-{n}-length-{length}.bin");
        File.WriteAllBytes(path, data);
        return path;
    }
}
