using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>
/// Puts an exported model's weights back into an engine module: every parameter takes the float initializer of the
/// same name (the exporters name initializers after the parameters, e.g. "encoder.0.weight"), which must have the
/// parameter's shape; a graph with float initializers the module lacks does not fit either.
/// </summary>
public static class OnnxWeights
{
    /// <summary>Why <paramref name="initializers"/> do not fit <paramref name="module"/>, or null when they do.</summary>
    public static string? Mismatch(Module module, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(initializers);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in module.Parameters())
        {
            var name = p.Name ?? throw new InvalidOperationException("A parameter without a name cannot be matched to an ONNX initializer.");
            names.Add(name);
            if (!initializers.TryGetValue(name, out var init)) return $"no initializer '{name}'";
            if (!init.Dims.SequenceEqual(p.Shape.Select(d => (long)d))) return $"'{name}' is [{string.Join(", ", init.Dims)}] in the file, [{string.Join(", ", p.Shape)}] in the model";
        }
        var extra = initializers.Keys.Where(k => !names.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return extra.Count == 0 ? null : $"the file has weights the model lacks: {string.Join(", ", extra.Take(5))}";
    }

    /// <summary>Copies the initializers into <paramref name="module"/>'s parameters.</summary>
    /// <exception cref="InvalidDataException">They do not fit the module (see <see cref="Mismatch"/>).</exception>
    public static void Load(Module module, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        if (Mismatch(module, initializers) is { } reason) throw new InvalidDataException($"The ONNX weights do not fit the model: {reason}.");
        foreach (var p in module.Parameters()) initializers[p.Name!].Values.CopyTo(p.Data, 0);
    }
}
