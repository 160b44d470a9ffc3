using System.Globalization;
using System.Text.Json;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;
using TorchSharp;

namespace DenoiseApi.Training.Training;

/// <summary>
/// A training run's weights, kept in TorchSharp's own format (that of <c>Module.save</c>/<c>load</c>) in the run's folder
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
        // Module.save's format (entry count, then name and tensor per state_dict entry), written here because
        // Module.save reads a tensor's bytes in place and refuses the conv models' channels-last weights.
        using (var stream = File.Create(tmp))
        using (var writer = new BinaryWriter(stream))
        using (var scope = torch.NewDisposeScope())
        {
            var state = model.state_dict();
            WriteCount(writer, state.Count);
            foreach (var (key, value) in state)
            {
                writer.Write(key);
                value.detach().cpu().contiguous().Save(writer);
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into a model of the same architecture.</summary>
    public static void Load(ImageModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.Combine(directory, WeightsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint weights at {path}.", path);
        // Module.load would write the file's bytes into each parameter in place, which a channels-last weight refuses:
        // every entry is read into a contiguous tensor of its shape and copied into the parameter.
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var state = model.state_dict();
        var count = ReadCount(reader);
        if (count != state.Count) throw new InvalidDataException($"{path} holds {count} tensors; {model.GetType().Name} has {state.Count}.");
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            if (!state.TryGetValue(key, out var target)) throw new InvalidDataException($"{path} holds '{key}', which {model.GetType().Name} lacks.");
            var loaded = torch.zeros(target.shape, target.dtype);
            loaded.Load(reader);
            target.copy_(loaded);
        }
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

    /// <summary>An entry count as TorchSharp writes it: unsigned LEB128 (7 bits a byte, high bit = more).</summary>
    private static void WriteCount(BinaryWriter writer, long count)
    {
        do
        {
            var low = (byte)(count & 0x7F);
            count >>= 7;
            writer.Write(count == 0 ? low : (byte)(low | 0x80));
        }
        while (count != 0);
    }

    private static long ReadCount(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("Malformed entry count in a checkpoint.");
    }
}
