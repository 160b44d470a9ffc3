using System.Runtime.InteropServices;
using System.Text.Json;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Training;

/// <summary>
/// The trained weights of a model (zoo or first dense models) kept outside git (<c>$DENOISEAPI_CACHE/checkpoints/&lt;name&gt;.weights</c>), so a
/// later run (the classifier's denoise→classify pipeline, <c>export</c>) can use the weights without training again. Format: the
/// tensor count, then per parameter (in <see cref="Module.Parameters"/> order) its length and its float32 values.
/// </summary>
public static class ModelCheckpoint
{
    public static string PathFor(string name)
    {
        var cache = Environment.GetEnvironmentVariable("DENOISEAPI_CACHE");
        if (string.IsNullOrEmpty(cache)) cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi");
        return Path.Combine(cache, "checkpoints", name + ".weights");
    }

    public static void Save(Module model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var parameters = model.Parameters().ToArray();
        var tmp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(tmp)))
        {
            writer.Write(parameters.Length);
            foreach (var p in parameters)
            {
                writer.Write(p.Size);
                writer.Write(MemoryMarshal.AsBytes(p.Data.AsSpan()));
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into a model of the same architecture.</summary>
    /// <exception cref="InvalidDataException">The file does not fit the model.</exception>
    public static void Load(Module model, string path)
    {
        var parameters = model.Parameters().ToArray();
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        if (count != parameters.Length) throw new InvalidDataException($"{path} holds {count} tensors, the model has {parameters.Length}.");
        foreach (var p in parameters)
        {
            var length = reader.ReadInt32();
            if (length != p.Size) throw new InvalidDataException($"{path}: tensor {p.Name} has {length} values, the model {p.Size}.");
            if (reader.Read(MemoryMarshal.AsBytes(p.Data.AsSpan())) != length * sizeof(float)) throw new InvalidDataException($"{path} is truncated.");
        }
    }

    /// <summary>
    /// Keeps the run's training record, GFLOP/s and epoch history next to the weights (<c>.json</c>), for publishing
    /// and reporting later.
    /// </summary>
    public static void WriteRecord(string checkpointPath, TrainingRecord record, double gflops, TrainingResult? result = null) =>
        File.WriteAllText(checkpointPath + ".json", JsonSerializer.Serialize(new CheckpointInfo(record, gflops, result)));

    /// <summary>The record kept by <see cref="WriteRecord"/>, or null when the checkpoint has none (the result is null for checkpoints written before it was kept).</summary>
    public static (TrainingRecord Record, double Gflops, TrainingResult? Result)? ReadRecord(string checkpointPath)
    {
        if (!File.Exists(checkpointPath + ".json")) return null;
        var info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(checkpointPath + ".json"))
            ?? throw new InvalidDataException($"{checkpointPath}.json holds no training record.");
        return (info.Training, info.Gflops, info.Result);
    }

    private sealed record CheckpointInfo(TrainingRecord Training, double Gflops, TrainingResult? Result = null);
}
