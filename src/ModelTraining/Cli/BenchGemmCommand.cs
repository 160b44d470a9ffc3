using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>bench-gemm</c>: GFLOP/s of the engine's GEMM at the shapes the dense models train with (forward and both
/// backward products of each layer), single-threaded and with all cores.
/// </summary>
internal static class BenchGemmCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per case.", DefaultValueFactory = _ => 0.5 };
        var command = new Command("bench-gemm", "Measure GEMM GFLOP/s at the models' shapes.") { seconds };
        command.SetAction(parse =>
        {
            Run(parse.GetValue(seconds), Console.Out);
            return 0;
        });
        return command;
    }

    public static void Run(double seconds, TextWriter output)
    {
        (string Name, bool TA, bool TB, int M, int N, int K)[] cases =
        [
            ("fwd  x·Wᵀ  128x784 · (256x784)ᵀ", false, true, 128, 256, 784),
            ("dX   dY·W  128x256 · 256x784", false, false, 128, 784, 256),
            ("dW   dYᵀ·X (128x256)ᵀ · 128x784", true, false, 256, 784, 128),
            ("fwd  x·Wᵀ  128x256 · (256x256)ᵀ", false, true, 128, 256, 256),
            ("fwd  x·Wᵀ  128x784 · (64x784)ᵀ", false, true, 128, 64, 784),
            ("fwd  x·Wᵀ  128x64 · (784x64)ᵀ", false, true, 128, 784, 64),
            ("square 512", false, false, 512, 512, 512),
            ("square 1024", false, false, 1024, 1024, 1024),
        ];
        output.WriteLine($"AVX2+FMA kernel: {Gemm.IsAccelerated}, cores: {Environment.ProcessorCount}");
        output.WriteLine($"{"case",-36} {"1 thread",10} {"per cpu-s",10} {"all cores",10}  GFLOP/s (wall, per process CPU second, wall)");
        var saved = Gemm.MaxDegreeOfParallelism;
        try
        {
            foreach (var (name, ta, tb, m, n, k) in cases)
            {
                Gemm.MaxDegreeOfParallelism = 1;
                var (single, singleCpu) = Measure(ta, tb, m, n, k, seconds);
                Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
                var (all, _) = Measure(ta, tb, m, n, k, seconds);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {single,10:F1} {singleCpu,10:F1} {all,10:F1}"));
            }
        }
        finally
        {
            Gemm.MaxDegreeOfParallelism = saved;
        }
    }

    /// <summary>GFLOP/s over wall time, and GFLOP per second of process CPU time (robust to other processes on the cores).</summary>
    private static (double Wall, double PerCpuSecond) Measure(bool ta, bool tb, int m, int n, int k, double seconds)
    {
        var rng = new Random(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (var i = 0; i < a.Length; i++) a[i] = (float)rng.NextDouble();
        for (var i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble();
        var lda = ta ? m : k;
        var ldb = tb ? k : n;
        for (var i = 0; i < 3; i++) Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long runs = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            runs++;
        }
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var gflop = 2.0 * m * n * k * runs / 1e9;
        return (gflop / watch.Elapsed.TotalSeconds, cpu > 0 ? gflop / cpu : 0);
    }
}
