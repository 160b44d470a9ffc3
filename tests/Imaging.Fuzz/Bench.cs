using System.Diagnostics;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>Stopwatch benchmark of the service's per-image work: decode, preprocess to 28x28, and encode the answer.</summary>
public static class Bench
{
    public static int Execute(FuzzOptions options)
    {
        byte[] mnistPng = File.ReadAllBytes(Path.Combine(options.Corpus, "mnist-test-2.png"));
        byte[] scanJpeg = File.ReadAllBytes(Path.Combine(options.Corpus, "scan-280-black-on-white.jpg"));
        byte[] photoJpeg = File.ReadAllBytes(Path.Combine(options.Corpus, "bench-1mp.jpg"));
        float[] answer = DigitPreprocessor.ToModelInput(ImageDecoder.DecodeGray(mnistPng), PreprocessOptions.Default).Pixels;

        Console.WriteLine($"{"case",-52} {"mean",12} {"alloc/op",12}");
        Measure("decode + preprocess, 28x28 gray PNG", () => Preprocess(mnistPng));
        Measure("decode + preprocess, 280x280 colour JPEG scan", () => Preprocess(scanJpeg));
        Measure("decode + preprocess, 1000x1000 colour JPEG (1 MP)", () => Preprocess(photoJpeg));
        Measure("decode only, 1000x1000 colour JPEG (1 MP)", () => ImageDecoder.DecodeGray(photoJpeg).Width);
        GrayImage scan = ImageDecoder.DecodeGray(scanJpeg);
        Measure("decode only, 28x28 gray PNG", () => ImageDecoder.DecodeGray(mnistPng).Width);
        Measure("decode only, 280x280 colour JPEG scan", () => ImageDecoder.DecodeGray(scanJpeg).Width);
        Measure("preprocess only, 280x280 scan", () => DigitPreprocessor.ToModelInput(scan, PreprocessOptions.Default).Pixels.Length);
        Measure("encode 28x28 gray-8 PNG answer", () => PngEncoder.EncodeGray8(answer, 28, 28).Length);
        return 0;
    }

    private static int Preprocess(byte[] data) =>
        DigitPreprocessor.ToModelInput(ImageDecoder.DecodeGray(data, ImageLimits.Default), PreprocessOptions.Default).Pixels.Length;

    /// <summary>Warms up, then repeats the action for about two seconds and reports the mean time and allocation.</summary>
    private static void Measure(string name, Func<int> action)
    {
        int sink = 0;
        for (int i = 0; i < 20; i++)
        {
            sink += action();
        }

        var clock = Stopwatch.StartNew();
        int iterations = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (clock.Elapsed < TimeSpan.FromSeconds(2) || iterations < 10)
        {
            sink += action();
            iterations++;
        }

        double mean = clock.Elapsed.TotalMicroseconds / iterations;
        long allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / iterations;
        string time = mean >= 1000 ? $"{mean / 1000:F2} ms" : $"{mean:F1} us";
        Console.WriteLine($"{name,-52} {time,12} {allocated / 1024.0,9:F1} KiB   (n={iterations}, check {sink % 7})");
    }
}
