using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Serving;

/// <summary>
/// A model version whose file ONNX Runtime rejects, or whose ONNX inputs and outputs differ from its manifest, is
/// refused at load with a reason /models shows: ONNX Runtime's own message, or the difference named.
/// </summary>
public sealed class ModelFileCheckTests
{
    public static TheoryData<string, string> ManifestsThatDisagreeWithTheFile => new()
    {
        { "input-name", "The manifest's input 'pixels' is not in the model, whose inputs are: image." },
        { "output-shape", "has shape [-1,10] in the model but [-1,12] in the manifest" },
        { "element-type", "is Float in the model and int64 in the manifest; the service serves float32 only" },
    };

    [Theory]
    [MemberData(nameof(ManifestsThatDisagreeWithTheFile))]
    public async Task AManifestThatDisagreesWithTheOnnxFileIsRefusedNamingTheDifference(string change, string reason)
    {
        using var models = Repository.CopyOf("mlp-classifier");
        var manifestFile = Path.Combine(Newest(models.Path, "mlp-classifier"), ManifestJson.FileName);
        var manifest = ManifestJson.Read(manifestFile);
        ManifestJson.Write(manifestFile, change switch
        {
            "input-name" => manifest with { Inputs = [manifest.Inputs[0] with { Name = "pixels" }] },
            "output-shape" => manifest with { Outputs = [manifest.Outputs[0] with { Shape = [-1, 12] }] },
            _ => manifest with { Inputs = [manifest.Inputs[0] with { ElementType = "int64" }] },
        });

        var lastError = await LastErrorAsync(models.Path);
        Assert.Contains(reason, lastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOnnxFileOnnxRuntimeCannotParseIsRefusedWithOnnxRuntimesMessage()
    {
        using var models = Repository.CopyOf("mlp-classifier");
        var version = Newest(models.Path, "mlp-classifier");
        var manifestFile = Path.Combine(version, ManifestJson.FileName);
        var manifest = ManifestJson.Read(manifestFile);
        var modelFile = Path.Combine(version, manifest.File);
        // Not a protobuf at all, with a checksum that matches so that the file reaches ONNX Runtime.
        await File.WriteAllTextAsync(modelFile, "this is not an ONNX model");
        ManifestJson.Write(manifestFile, manifest with { Sha256 = ModelLayout.Sha256Of(modelFile) });

        var lastError = await LastErrorAsync(models.Path);
        Assert.Contains("Protobuf parsing failed", lastError, StringComparison.Ordinal); // ONNX Runtime's words
        Assert.Contains(modelFile, lastError, StringComparison.Ordinal);
    }

    private static string Newest(string root, string model) =>
        ModelLayout.Enumerate(root).Where(m => m.Name == model).MaxBy(m => m.Version).Directory;

    private static async Task<string> LastErrorAsync(string modelsRoot)
    {
        await using var factory = new ServiceFactory(modelsRoot, Repository.DenseDefaults);
        using var client = factory.CreateClient();
        string? lastError = null;
        await ServiceFactory.WaitUntilAsync(client, async c =>
        {
            using var response = await c.GetAsync("/models");
            var model = (await Json.ReadAsync(response)).GetProperty("models").EnumerateArray().SingleOrDefault(m => m.GetProperty("name").GetString() == "mlp-classifier");
            if (model.ValueKind == System.Text.Json.JsonValueKind.Undefined || model.GetProperty("state").GetString() != "failed") return false;
            lastError = model.GetProperty("lastError").GetString();
            return true;
        }, "mlp-classifier to fail its load");
        return lastError!;
    }
}
