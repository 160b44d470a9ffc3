#!/usr/bin/env -S dotnet run
// Scores a running service through HTTP, as a user sees it: posts the MNIST test digits (clean, and noised with each
// evaluation noise: Gaussian σ 0.5, uniform f 0.9, salt-and-pepper p 0.2, masking p 0.3 — the trainer's noisy test
// digits, same seed) as PNGs, several per multipart request, to /classify, /classify?denoise=true and /denoise with the
// service's defaults (no model named), and prints one markdown row per input: accuracies, the share of denoise=true
// answers whose classifier saw the image as sent (the denoiser found next to no noise), the mean PSNR of the noisy
// input and of /denoise's answer against the clean digit, and the same PSNR for each named specialist denoiser on the
// noise it was trained on. Start the service first (scripts/serve.sh).
//
//   dotnet run scripts/score-service.cs -- [--url http://127.0.0.1:8080] [--images 10000] [--batch 64] [--parallel 4]
//       [--seed 2026] [--specialist gaussian:0.5=conv-dae-skip --specialist uniform:0.9=conv-dae-uniform] [--data <mnist dir>]
//       [--query invert=false]   (appended to every request, e.g. to take the preprocessing's polarity guess out)
#:project ../src/Noise/Noise.csproj
#:project ../src/MnistData/MnistData.csproj
#:project ../src/Imaging/Imaging.csproj
#:property PublishAot=false

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DenoiseApi.Imaging;
using DenoiseApi.MnistData;
using DenoiseApi.Noise;

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run scripts/score-service.cs -- [--url <service>] [--images N] [--batch N] [--parallel N] [--seed N] [--specialist <noise>=<denoiser>]... [--data <mnist dir>] [--query <k=v&...>]");
    return 2;
}

var test = MnistSet.LoadTest(options.Data);
var count = Math.Min(options.Images, test.Count);
var clean = PixelScale.ToUnit(test.Pixels[..(count * MnistSet.PixelCount)]);
var labels = test.Labels[..count].ToArray();
using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromMinutes(2) };

string[] inputs = ["none", "gaussian:0.5", "uniform:0.9", "salt-pepper:0.2", "mask:0.3"];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Url}, service defaults{(options.Query.Length == 0 ? "" : " + " + options.Query)}, {count:N0} MNIST test digits, noise seed {options.Seed}, {options.Batch} images per request"));
Console.WriteLine();
var specialistHeader = options.Specialists.Count == 0 ? "" : " specialist /denoise?model= PSNR |";
Console.WriteLine("| input | /classify | /classify?denoise=true | classified as sent | PSNR noisy (dB) | /denoise PSNR (dB) |" + specialistHeader);
Console.WriteLine("|---|---|---|---|---|---|" + (options.Specialists.Count == 0 ? "" : "---|"));
foreach (var input in inputs)
{
    var spec = NoiseSpec.Parse(input);
    var noisy = new float[clean.Length];
    // The trainer's evaluation digits: image i noised with the stream (seed, -1, i).
    NoiseBatch.ApplyAll(spec.Create(), clean, noisy, MnistSet.PixelCount, options.Seed, round: -1);
    var pngs = Enumerable.Range(0, count).Select(i => PngEncoder.EncodeGray8(noisy.AsSpan(i * MnistSet.PixelCount, MnistSet.PixelCount), MnistSet.Columns, MnistSet.Rows)).ToArray();

    var plain = await Post(http, "/classify", pngs, options);
    var piped = await Post(http, "/classify?denoise=true", pngs, options);
    var denoised = await Post(http, "/denoise", pngs, options);
    var specialist = options.Specialists.TryGetValue(input, out var name) ? await Post(http, $"/denoise?model={Uri.EscapeDataString(name)}", pngs, options) : null;

    var row = string.Create(CultureInfo.InvariantCulture,
        $"| {(spec.Type == NoiseType.None ? "clean" : input)} | {Accuracy(plain, labels):P2} | {Accuracy(piped, labels):P2} | {AsSent(piped):P2} | {(spec.Type == NoiseType.None ? "—" : MeanPsnr(clean, pngs).ToString("F2", CultureInfo.InvariantCulture))} | {MeanPsnr(clean, Pngs(denoised)):F2} |");
    if (options.Specialists.Count > 0)
    {
        row += specialist is null ? " — |" : string.Create(CultureInfo.InvariantCulture, $" {name} {MeanPsnr(clean, Pngs(specialist)):F2} |");
    }
    Console.WriteLine(row);
}
return 0;

// Posts every image, options.Batch per multipart request and options.Parallel requests at a time; the answers in order.
static async Task<JsonElement[]> Post(HttpClient http, string route, byte[][] pngs, Options options)
{
    var chunks = pngs.Chunk(options.Batch).Select((images, index) => (images, index)).ToArray();
    var answers = new JsonElement[chunks.Length][];
    await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, async (chunk, cancel) =>
    {
        using var form = new MultipartFormDataContent();
        for (var k = 0; k < chunk.images.Length; k++)
        {
            var part = new ByteArrayContent(chunk.images[k]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "image", $"digit{k}.png");
        }
        var url = options.Query.Length == 0 ? route : route + (route.Contains('?', StringComparison.Ordinal) ? "&" : "?") + options.Query;
        using var response = await http.PostAsync(url, form, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST {route}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        answers[chunk.index] = [.. json.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Clone())];
    });
    return [.. answers.SelectMany(a => a)];
}

static double Accuracy(JsonElement[] answers, byte[] labels) =>
    (double)answers.Select((a, i) => a.GetProperty("digit").GetInt32() == labels[i] ? 1 : 0).Sum() / labels.Length;

// The share of denoise=true answers whose classifier saw the image as sent (the denoiser found next to no noise).
static double AsSent(JsonElement[] answers) =>
    (double)answers.Count(a => a.TryGetProperty("denoised", out var d) && d.ValueKind == JsonValueKind.False) / answers.Length;

static IEnumerable<byte[]> Pngs(JsonElement[] answers) => answers.Select(a => a.GetProperty("png").GetBytesFromBase64());

// Mean over images of 10·log10(1 / MSE) against the clean digit (capped at 100 dB like the trainer's PSNR).
static double MeanPsnr(float[] clean, IEnumerable<byte[]> pngs)
{
    double sum = 0;
    var n = 0;
    foreach (var png in pngs)
    {
        var pixels = ImageDecoder.DecodeGray(png).Pixels;
        double mse = 0;
        for (var p = 0; p < pixels.Length; p++)
        {
            var d = pixels[p] - clean[(n * MnistSet.PixelCount) + p];
            mse += d * d;
        }
        mse /= pixels.Length;
        sum += mse <= 0 ? 100 : Math.Min(100, -10 * Math.Log10(mse));
        n++;
    }
    return sum / n;
}

internal sealed record Options(string Url, int Images, int Batch, int Parallel, int Seed, IReadOnlyDictionary<string, string> Specialists, string? Data, string Query)
{
    public static Options? Parse(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("ASPNETCORE_URLS")?.Split(';')[0] ?? "http://127.0.0.1:8080";
        int images = 10_000, batch = 64, parallel = 4, seed = 2026;
        string? data = null;
        var query = "";
        var specialists = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--url": url = Next(); break;
                    case "--images": images = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--parallel": parallel = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--data": data = Next(); break;
                    case "--query": query = Next().TrimStart('?'); break;
                    case "--specialist":
                        var pair = Next().Split('=', 2);
                        if (pair.Length != 2) return null;
                        specialists[NoiseSpec.Parse(pair[0]).ToString()] = pair[1];
                        break;
                    default: return null;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }
        return images > 0 && batch > 0 && parallel > 0 ? new Options(url, images, batch, parallel, seed, specialists, data, query) : null;
    }
}
