using System.Diagnostics;
using DenoiseApi.Imaging.Png;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>
/// Stopwatch benchmark of the service's per-image work: decode, preprocess to 28x28, and encode the answer. Every case
/// is warmed up (so the JIT has produced optimised code) before any is measured. Wall time (mean and median of batches)
/// and process CPU time per call are both reported: on a shared, oversubscribed machine the CPU time is the steadier.
/// </summary>
public static class Bench
{
    public static int Execute(FuzzOptions options)
    {
        byte[] mnistPng = File.ReadAllBytes(Path.Combine(options.Corpus, "mnist-test-2.png"));
        byte[] scanJpeg = File.ReadAllBytes(Path.Combine(options.Corpus, "scan-280-black-on-white.jpg"));
        byte[] photoJpeg = File.ReadAllBytes(Path.Combine(options.Corpus, "bench-1mp.jpg"));
        float[] answer = DigitPreprocessor.ToModelInput(ImageDecoder.DecodeGray(mnistPng), PreprocessOptions.Default).Pixels;
        GrayImage scan = ImageDecoder.DecodeGray(scanJpeg);
        GrayImage photo = ImageDecoder.DecodeGray(photoJpeg);
        byte[] scanlines = Scanlines(answer, 28, 28);
        byte[] mnistIdat = Idat(mnistPng);
        byte[] inflated = new byte[28 * 29];

        (string Name, Func<int> Action)[] cases =
        [
            ("decode + preprocess, 28x28 gray PNG", () => Preprocess(mnistPng)),
            ("  decode only, 28x28 gray PNG", () => ImageDecoder.DecodeGray(mnistPng).Width),
            ("  decode only, 28x28 gray PNG, ZLibStream (before)", () => PngDecoder.Decode(mnistPng, ImageLimits.Default, 0).Width),
            ("  inflate only, its 812 scanline bytes, own inflater", () => InflateOwn(mnistIdat, inflated)),
            ("  inflate only, its 812 scanline bytes, ZLibStream", () => InflateZlibStream(mnistIdat, inflated)),
            ("decode + preprocess, 280x280 colour JPEG scan", () => Preprocess(scanJpeg)),
            ("  decode only, 280x280 colour JPEG", () => ImageDecoder.DecodeGray(scanJpeg).Width),
            ("  preprocess only (fit=mnist), 280x280", () => DigitPreprocessor.ToModelInput(scan, PreprocessOptions.Default).Pixels.Length),
            ("decode + preprocess, 1000x1000 colour JPEG (1 MP)", () => Preprocess(photoJpeg)),
            ("  decode only, 1000x1000 colour JPEG", () => ImageDecoder.DecodeGray(photoJpeg).Width),
            ("  preprocess only (fit=mnist), 1000x1000", () => DigitPreprocessor.ToModelInput(photo, PreprocessOptions.Default).Pixels.Length),
            ("encode 28x28 gray-8 PNG answer", () => PngEncoder.EncodeGray8(answer, 28, 28).Length),
            ("  for comparison: zlib default level on its 812 scanline bytes", () => ZlibDefault(scanlines)),
            .. InflaterSweep(answer),
        ];

        int sink = 0;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach ((_, Func<int> action) in cases)
            {
                sink += action();
            }
        }

        Console.WriteLine($"{"case",-74} {"mean",10} {"median",10} {"cpu/op",10} {"alloc/op",10}");
        foreach ((string name, Func<int> action) in cases)
        {
            sink += Measure(name, action);
        }

        Console.WriteLine($"(checksum {sink % 7}; {Environment.ProcessorCount} cores, load average {LoadAverage()})");
        return 0;
    }

    /// <summary>
    /// Where the own inflater stops paying off (PngDecoder.OwnInflaterMaxBytes): the digit scaled up to larger gray PNGs
    /// with a little noise, as a scan or photo of one would be, each decoded with the own inflater and with ZLibStream.
    /// </summary>
    private static (string, Func<int>)[] InflaterSweep(float[] digit)
    {
        var cases = new List<(string, Func<int>)>();
        foreach (int size in new[] { 64, 128, 255, 362, 512 })
        {
            var random = new Random(size);
            var pixels = new float[size * size];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    float ink = digit[((y * 28 / size) * 28) + (x * 28 / size)];
                    pixels[(y * size) + x] = Math.Clamp(ink + ((random.Next(5) - 2) / 255f), 0f, 1f);
                }
            }

            byte[] png = PngEncoder.EncodeGray8(pixels, size, size);
            string label = $"  decode {size}x{size} gray PNG ({size * (size + 1):N0} B scanlines, {png.Length:N0} B)";
            cases.Add(($"{label}, own", () => PngDecoder.Decode(png, ImageLimits.Default, int.MaxValue).Width));
            cases.Add(($"{label}, ZLibStream", () => PngDecoder.Decode(png, ImageLimits.Default, 0).Width));
        }

        return [.. cases];
    }

    /// <summary>The zlib stream of a PNG (its IDAT chunks' data).</summary>
    private static byte[] Idat(byte[] png)
    {
        var idat = new List<byte>();
        foreach (int start in Mutation.PngChunkStarts(png))
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(start));
            if (png.AsSpan(start + 4, 4).SequenceEqual("IDAT"u8)) idat.AddRange(png.AsSpan(start + 8, length));
        }

        return [.. idat];
    }

    private static int InflateOwn(byte[] stream, byte[] output)
    {
        ZlibInflater.Inflate(stream, output);
        return output[^1];
    }

    /// <summary>As the PNG decoder read scanlines before: a ZLibStream over the IDAT data, read exactly.</summary>
    private static int InflateZlibStream(byte[] stream, byte[] output)
    {
        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(stream, writable: false), System.IO.Compression.CompressionMode.Decompress);
        zlib.ReadExactly(output);
        return output[^1];
    }

    /// <summary>The answer's unfiltered scanlines, as the PNG encoder compresses them.</summary>
    private static byte[] Scanlines(float[] pixels, int width, int height)
    {
        var lines = new byte[(width + 1) * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++) lines[(y * (width + 1)) + 1 + x] = (byte)((Math.Clamp(pixels[(y * width) + x], 0f, 1f) * 255f) + 0.5f);
        }

        return lines;
    }

    /// <summary>What the encoder did for every image before it had its own fixed-code stream for small ones.</summary>
    private static int ZlibDefault(byte[] scanlines)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        return (int)compressed.Length;
    }

    private static int Preprocess(byte[] data) =>
        DigitPreprocessor.ToModelInput(ImageDecoder.DecodeGray(data, ImageLimits.Default), PreprocessOptions.Default).Pixels.Length;

    /// <summary>Times batches of calls for about two seconds; reports mean and median per call and bytes allocated.</summary>
    private static int Measure(string name, Func<int> action)
    {
        int sink = 0;
        var single = Stopwatch.StartNew();
        sink += action();
        int batch = Math.Max(1, (int)(TimeSpan.FromMilliseconds(20).Ticks / Math.Max(1, single.Elapsed.Ticks)));
        var samples = new List<double>();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long calls = 0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < TimeSpan.FromSeconds(2) || samples.Count < 5)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < batch; i++)
            {
                sink += action();
            }

            samples.Add(clock.Elapsed.TotalMicroseconds / batch);
            calls += batch;
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / calls;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / calls;
        samples.Sort();
        Console.WriteLine($"{name,-74} {Format(samples.Average()),10} {Format(samples[samples.Count / 2]),10} {Format(cpu),10} {allocated / 1024.0,7:F1} KiB");
        return sink;
    }

    private static string Format(double microseconds) =>
        microseconds >= 1000 ? $"{microseconds / 1000:F2} ms" : $"{microseconds:F1} us";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
