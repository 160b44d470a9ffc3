#!/usr/bin/env -S dotnet run
// Precomputes an encoder's latent map for the demo page: runs the encoder (through ONNX Runtime, as the service does)
// over the 10,000 MNIST test digits, finds the two principal components of the latents, and writes
// latent-projection.json next to the model: the mean, the two components, the explained variance, each digit's
// centroid on the map and a seeded sample of projected test digits. The service serves it at
// GET /models/{name}/projection; the page places a user's latent z at ((z - mean)·c0, (z - mean)·c1).
//
//   dotnet run scripts/latent-projection.cs -- --model models/<encoder>/<version> [--data <mnist dir>] [--sample 2000] [--seed 1]
//   dotnet run scripts/latent-projection.cs -- --repository models        (every encoder version, e.g. after retraining)
#:package Microsoft.ML.OnnxRuntime
#:project ../src/ModelStore/ModelStore.csproj
#:project ../src/ModelTraining/ModelTraining.csproj
#:property PublishAot=false

using System.Globalization;
using System.Text.Json;
using DenoiseApi.ModelStore;
using DenoiseApi.Noise;
using Microsoft.ML.OnnxRuntime;
using DenoiseApi.MnistData;

var options = ParseArguments(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run scripts/latent-projection.cs -- (--model <models/<encoder>/<version>> [--out <file>] | --repository <models>) [--data <mnist dir>] [--sample 2000] [--seed 1]");
    return 2;
}

// One encoder version, or every encoder version in a repository (after retraining: --repository models).
var targets = options.Repository is { } repository
    ? ModelLayout.Enumerate(repository)
        .Where(v => ManifestJson.Read(Path.Combine(v.Directory, ManifestJson.FileName)).Kind == ModelKind.Encoder)
        .Select(v => v.Directory).ToList()
    : [options.ModelDir!];
if (targets.Count == 0)
{
    Console.Error.WriteLine($"No encoder in {options.Repository}.");
    return 2;
}
foreach (var target in targets)
{
    var code = WriteMap(Path.GetFullPath(target), options.Repository is null ? options.OutFile : null, options);
    if (code != 0) return code;
}
return 0;

static int WriteMap(string modelDir, string? outFile, Arguments options)
{
    if (!File.Exists(Path.Combine(modelDir, ManifestJson.FileName)))
    {
        Console.Error.WriteLine($"No {ManifestJson.FileName} in {modelDir}; --model takes a version folder such as models/<encoder>/<version>.");
        return 2;
    }
    var manifest = ManifestJson.Read(Path.Combine(modelDir, ManifestJson.FileName));
    if (manifest.Kind != ModelKind.Encoder)
    {
        Console.Error.WriteLine($"{manifest.Name}/{manifest.Version} is a {manifest.Kind}; the latent map needs an Encoder.");
        return 2;
    }

    var files = MnistFiles.Locate(options.DataDir);
    var images = IdxReader.ReadImages(files.TestImages);
    var labels = IdxReader.ReadLabels(files.TestLabels);
    var count = images.Count;
    const int pixels = 28 * 28;

    // Encode every test digit, batch by batch, exactly as the service would feed it (pixel / 255, white on black).
    using var sessionOptions = new SessionOptions { IntraOpNumThreads = 2 };
    using var session = new InferenceSession(Path.Combine(modelDir, manifest.File), sessionOptions);
    using var runOptions = new RunOptions();
    var input = manifest.Inputs[0];
    var output = manifest.Outputs[0];
    var latentSize = (int)output.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
    var latents = new double[count, latentSize];
    const int batch = 500;
    for (var start = 0; start < count; start += batch)
    {
        var n = Math.Min(batch, count - start);
        var x = new float[n * pixels];
        for (var i = 0; i < x.Length; i++) x[i] = images.Data[(start * pixels) + i] / 255f;
        var inputShape = input.Shape.Select(d => d < 0 ? n : d).ToArray();
        var outputShape = output.Shape.Select(d => d < 0 ? n : d).ToArray();
        var y = new float[n * latentSize];
        using var xValue = OrtValue.CreateTensorValueFromMemory(x, inputShape);
        using var yValue = OrtValue.CreateTensorValueFromMemory(y, outputShape);
        session.Run(runOptions, [input.Name], [xValue], [output.Name], [yValue]);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < latentSize; j++) latents[start + i, j] = y[(i * latentSize) + j];
        }
    }

    var pca = Pca.TopTwo(latents);
    Console.WriteLine(FormattableString.Invariant(
        $"{manifest.Name}/{manifest.Version}: {count} test latents of size {latentSize}; PC1 explains {pca.Ratio[0]:P1}, PC2 {pca.Ratio[1]:P1}; {pca.Iterations} iterations"));

    // Project everything once: centroids from all digits, the map's points from a seeded sample.
    var projected = new (double X, double Y)[count];
    for (var i = 0; i < count; i++) projected[i] = pca.Project(latents, i);
    var centroids = Enumerable.Range(0, 10).Select(d =>
    {
        var members = Enumerable.Range(0, count).Where(i => labels.Data[i] == d).ToList();
        return new[] { Round(members.Average(i => projected[i].X)), Round(members.Average(i => projected[i].Y)) };
    }).ToArray();

    var order = Enumerable.Range(0, count).ToArray();
    var rng = new Xoshiro256((ulong)options.Seed);
    rng.Shuffle(order.AsSpan());
    var sample = order.Take(Math.Min(options.Sample, count)).Order().ToArray();

    var document = new
    {
        encoder = manifest.Name,
        version = manifest.Version,
        modelSha256 = manifest.Sha256,
        latentSize,
        source = "MNIST test set (t10k), " + count + " images",
        seed = options.Seed,
        mean = pca.Mean.Select(Round).ToArray(),
        components = new[] { pca.Components[0].Select(Round).ToArray(), pca.Components[1].Select(Round).ToArray() },
        explainedVariance = pca.Variance.Select(Round).ToArray(),
        explainedVarianceRatio = pca.Ratio.Select(Round).ToArray(),
        centroids,
        points = new
        {
            indices = sample,
            digits = sample.Select(i => (int)labels.Data[i]).ToArray(),
            x = sample.Select(i => Round(projected[i].X)).ToArray(),
            y = sample.Select(i => Round(projected[i].Y)).ToArray(),
        },
    };
    var outPath = outFile ?? Path.Combine(modelDir, "latent-projection.json");
    File.WriteAllText(outPath, JsonSerializer.Serialize(document) + "\n");
    Console.WriteLine($"Wrote {outPath} ({new FileInfo(outPath).Length / 1024} KiB, {sample.Length} points)");
    return 0;
}

static double Round(double value) => Math.Round(value, 5);

static Arguments? ParseArguments(string[] args)
{
    string? model = null, data = null, outFile = null, repository = null;
    int sample = 2000;
    long seed = 1;
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--model": model = args[i + 1]; break;
            case "--repository": repository = args[i + 1]; break;
            case "--data": data = args[i + 1]; break;
            case "--out": outFile = args[i + 1]; break;
            case "--sample": sample = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--seed": seed = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            default: return null;
        }
    }
    if (args.Length % 2 != 0 || (model is null) == (repository is null) || (repository is not null && outFile is not null) || sample < 1) return null;
    return new Arguments(model is null ? null : Path.GetFullPath(model), repository, data, sample, seed, outFile);
}

internal sealed record Arguments(string? ModelDir, string? Repository, string? DataDir, int Sample, long Seed, string? OutFile);

/// <summary>
/// The two leading principal components of the rows of a matrix, by subspace iteration on the centred data (never
/// forming the covariance, so a 1,568-wide conv latent costs two matrix-vector passes per step), in double precision.
/// Each component's sign is fixed so its largest-magnitude coefficient is positive, which makes the output repeatable.
/// </summary>
internal sealed class Pca
{
    public required double[] Mean { get; init; }
    public required double[][] Components { get; init; }
    public required double[] Variance { get; init; }
    public required double[] Ratio { get; init; }
    public int Iterations { get; init; }

    public (double X, double Y) Project(double[,] rows, int row)
    {
        double x = 0, y = 0;
        for (var j = 0; j < Mean.Length; j++)
        {
            var c = rows[row, j] - Mean[j];
            x += c * Components[0][j];
            y += c * Components[1][j];
        }
        return (x, y);
    }

    public static Pca TopTwo(double[,] rows)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++) mean[j] += rows[i, j];
        }
        for (var j = 0; j < d; j++) mean[j] /= n;
        var centred = new double[n, d];
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                centred[i, j] = rows[i, j] - mean[j];
                total += centred[i, j] * centred[i, j];
            }
        }
        total /= n - 1;

        // Start from two fixed, independent directions; iterate V <- orth(C V) with C = X'X / (n - 1).
        var v = new double[2][];
        for (var k = 0; k < 2; k++)
        {
            v[k] = new double[d];
            for (var j = 0; j < d; j++) v[k][j] = Math.Sin((j + 1) * (k + 1.7)) + (k == 0 ? 1 : 0);
        }
        Orthonormalise(v);
        var iterations = 0;
        for (; iterations < 5000; iterations++)
        {
            var next = new[] { Covariance(centred, v[0]), Covariance(centred, v[1]) };
            Orthonormalise(next);
            var change = Math.Max(1 - Math.Abs(Dot(next[0], v[0])), 1 - Math.Abs(Dot(next[1], v[1])));
            v = next;
            if (change < 1e-13) break;
        }

        var variance = new double[2];
        for (var k = 0; k < 2; k++)
        {
            var largest = v[k].MaxBy(Math.Abs);
            if (largest < 0) for (var j = 0; j < d; j++) v[k][j] = -v[k][j];
            variance[k] = Dot(v[k], Covariance(centred, v[k]));
        }
        if (variance[1] > variance[0])
        {
            (v[0], v[1]) = (v[1], v[0]);
            (variance[0], variance[1]) = (variance[1], variance[0]);
        }
        if (Math.Abs(Dot(v[0], v[1])) > 1e-9) throw new InvalidOperationException("The components did not come out orthogonal.");
        return new Pca
        {
            Mean = mean,
            Components = v,
            Variance = variance,
            Ratio = [variance[0] / total, variance[1] / total],
            Iterations = iterations + 1,
        };
    }

    private static double[] Covariance(double[,] x, double[] v)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var result = new double[d];
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var j = 0; j < d; j++) s += x[i, j] * v[j];
            for (var j = 0; j < d; j++) result[j] += x[i, j] * s;
        }
        for (var j = 0; j < d; j++) result[j] /= n - 1;
        return result;
    }

    private static void Orthonormalise(double[][] v)
    {
        Scale(v[0], 1 / Math.Sqrt(Dot(v[0], v[0])));
        var p = Dot(v[1], v[0]);
        for (var j = 0; j < v[1].Length; j++) v[1][j] -= p * v[0][j];
        Scale(v[1], 1 / Math.Sqrt(Dot(v[1], v[1])));
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    private static void Scale(double[] a, double factor)
    {
        for (var j = 0; j < a.Length; j++) a[j] *= factor;
    }
}
