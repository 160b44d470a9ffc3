using DenoiseApi.ModelStore;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Writes a trained model into the repository layout: <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/model.onnx</c> and
/// its <c>manifest.json</c> (written last, so a reader never sees a manifest without its model).
/// </summary>
public static class ModelPublisher
{
    /// <summary>The model as an ONNX file: its one forward declaration written over <see cref="OnnxGraph"/>, weights named as its parameters.</summary>
    public static OnnxModelFile ToOnnx(ImageModel model, string graphName, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxModelFile.Write(model.Forward, model.OutputName, model.OutputShape, graphName, metadata, model.ParameterOwner);
    }

    public static (string Directory, ModelManifest Manifest) Publish(
        string root,
        string name,
        int version,
        ImageModel model,
        string description,
        string? family,
        TrainingRecord training,
        IReadOnlyDictionary<string, double> metrics,
        EvaluationTable? evaluation = null)
    {
        if (!ModelLayout.IsValidName(name)) throw new ArgumentException($"'{name}' is not a valid model name (lower-case letters, digits, dashes).", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        var directory = ModelLayout.VersionDirectory(root, name, version);
        Directory.CreateDirectory(directory);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kind"] = model.Kind.ToString(),
            ["architecture"] = model.Architecture,
        };
        var (bytes, inputs, outputs) = ToOnnx(model, name, metadata);
        var onnxPath = Path.Combine(directory, "model.onnx");
        var tmp = onnxPath + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, onnxPath, overwrite: true);

        var manifest = new ModelManifest
        {
            Name = name,
            Version = version,
            Kind = model.Kind,
            Architecture = model.Architecture,
            Description = description,
            File = "model.onnx",
            Sha256 = ModelLayout.Sha256Of(onnxPath),
            Inputs = inputs,
            Outputs = outputs,
            Family = family,
            ParameterCount = checked((int)model.ParameterCount),
            Training = training,
            Metrics = new SortedDictionary<string, double>(metrics.ToDictionary(), StringComparer.Ordinal),
            Evaluation = evaluation,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        ManifestJson.Write(Path.Combine(directory, ManifestJson.FileName), manifest);
        return (directory, manifest);
    }
}
