using System.Globalization;
using System.Text.Json;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// A training run's weights, kept with TorchSharp's own format (<c>Module.save</c>/<c>load</c>) in the run's folder
/// beside the model repository it writes into: <c>&lt;parent of --out&gt;/checkpoints/&lt;name&gt;/&lt;version&gt;/</c>
/// (<c>weights.pt</c> and the run's record, <c>training.json</c>). A run into another repository, or into the next
/// version, never replaces another run's checkpoint. <c>export</c> and <c>--continue</c> read them back.
/// </summary>
public static class RunCheckpoint
{
    public const string WeightsFile = "weights.pt";
    public const string RecordFile = "training.json";

    /// <summary>The checkpoint folder of <paramref name="name"/> at <paramref name="version"/> for the repository <paramref name="outputRoot"/>.</summary>
    public static string DirectoryFor(string outputRoot, string name, int version) =>
        Path.Combine(Root(outputRoot), name, version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The newest checkpoint folder of <paramref name="name"/> (highest version holding weights), or null.</summary>
    public static string? Latest(string outputRoot, string name)
    {
        var folder = Path.Combine(Root(outputRoot), name);
        if (!Directory.Exists(folder)) return null;
        return Directory.EnumerateDirectories(folder)
            .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => d.Version > 0 && File.Exists(Path.Combine(d.Directory, WeightsFile)))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

    public static void Save(ImageModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, WeightsFile);
        var tmp = path + ".tmp";
        model.save(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into a model of the same architecture.</summary>
    public static void Load(ImageModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.Combine(directory, WeightsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint weights at {path}.", path);
        model.load(path);
    }

    /// <summary>Keeps the run's training record, GFLOP/s and epoch history next to the weights.</summary>
    public static void WriteRecord(string directory, TrainingRecord record, TrainingResult? result = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, RecordFile), JsonSerializer.Serialize(new CheckpointInfo(record, result)));
    }

    /// <summary>The record kept by <see cref="WriteRecord"/>, or null when the folder has none.</summary>
    public static (TrainingRecord Record, TrainingResult? Result)? ReadRecord(string directory)
    {
        var path = Path.Combine(directory, RecordFile);
        if (!File.Exists(path)) return null;
        var info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} holds no training record.");
        return (info.Training, info.Result);
    }

    private static string Root(string outputRoot) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputRoot)) ?? ".", "checkpoints");

    private sealed record CheckpointInfo(TrainingRecord Training, TrainingResult? Result = null);
}
