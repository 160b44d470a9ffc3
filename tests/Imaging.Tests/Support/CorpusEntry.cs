using System.Text.Json;
using System.Text.Json.Serialization;

namespace DenoiseApi.Imaging.Tests.Support;

/// <summary>One file of the corpus as described by Corpus/manifest.json (written by Corpus/generate.py).</summary>
public sealed record CorpusEntry(
    string File,
    string? Format,
    int Width,
    int Height,
    bool HasAlpha,
    int BitDepth,
    string? Reference,
    double Tolerance,
    int? Label,
    string Expect,
    string Encoder)
{
    public override string ToString() => File;
}

/// <summary>Access to the committed corpus of real files written by independent encoders (PIL, ImageMagick).</summary>
public static class Corpus
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IReadOnlyList<CorpusEntry> Entries { get; } =
        JsonSerializer.Deserialize<List<CorpusEntry>>(File.ReadAllText(Path.Combine(Directory, "manifest.json")), Json)
        ?? throw new InvalidOperationException("Corpus manifest is empty.");

    public static IEnumerable<CorpusEntry> Expecting(string expect) => Entries.Where(e => e.Expect == expect);

    public static CorpusEntry Entry(string file) => Entries.Single(e => e.File == file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public static TheoryData<string> Files(string expect) => new(Expecting(expect).Select(e => e.File));
}
