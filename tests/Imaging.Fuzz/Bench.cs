using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace DenoiseApi.Imaging.Fuzz;

/// <summary>
/// BenchmarkDotNet: the service's per-image work on real corpus files, decode + preprocess to the 28x28 model input,
/// and the answer's PNG. The same source compiles against the previous hand-written decoders (their DecodeGray took a
/// span, which a byte[] converts to), so old and new are measured by one command run in each tree, alternately.
/// </summary>
[MemoryDiagnoser]
public class UploadPathBenchmarks
{
    private byte[] _mnistPng = [];
    private byte[] _scanPng = [];
    private byte[] _scanJpeg = [];
    private float[] _answer = [];

    [GlobalSetup]
    public void Setup()
    {
        string corpus = FuzzOptions.Parse([]).Corpus;
        _mnistPng = File.ReadAllBytes(Path.Combine(corpus, "mnist-test-2.png"));
        _scanPng = File.ReadAllBytes(Path.Combine(corpus, "scan-280-black-on-white.png"));
        _scanJpeg = File.ReadAllBytes(Path.Combine(corpus, "scan-280-black-on-white.jpg"));
        _answer = Preprocess(_mnistPng);
    }

    [Benchmark(Description = "PNG 28x28 gray (MNIST)")]
    public float[] Png28() => Preprocess(_mnistPng);

    [Benchmark(Description = "PNG 280x280 photo-like scan")]
    public float[] Png280() => Preprocess(_scanPng);

    [Benchmark(Description = "JPEG 280x280 colour scan")]
    public float[] Jpeg280() => Preprocess(_scanJpeg);

    [Benchmark(Description = "encode 28x28 gray PNG answer")]
    public byte[] EncodeAnswer() => PngEncoder.EncodeGray8(_answer, 28, 28);

    private static float[] Preprocess(byte[] data) =>
        DigitPreprocessor.ToModelInput(ImageDecoder.DecodeGray(data, ImageLimits.Default), PreprocessOptions.Default).Pixels;

    /// <summary>Runs the benchmarks (BenchmarkDotNet arguments such as <c>--filter</c> pass through).</summary>
    public static int Run(string[] args)
    {
        IConfig config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15));
        BenchmarkSwitcher.FromTypes([typeof(UploadPathBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}
