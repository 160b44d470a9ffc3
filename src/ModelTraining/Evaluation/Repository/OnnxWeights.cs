using DenoiseApi.Training.Models;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>
/// Puts an exported model's weights back into its TorchSharp module. The exporter names every initializer after the
/// parameter (<c>named_parameters()</c>, e.g. "encoder.0.weight"), so parameters take the initializer of the same name.
/// Files written before the module rewrite name some layers differently but hold the same parameters in the same
/// forward order; those load in order when every shape matches. Either way the file must hold exactly the module's
/// float weights.
/// </summary>
public static class OnnxWeights
{
    /// <summary>Why <paramref name="initializers"/> do not fit <paramref name="model"/>, or null when they do.</summary>
    public static string? Mismatch(ImageModel model, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(initializers);
        return Match(model, initializers).Reason;
    }

    /// <summary>Copies the initializers into <paramref name="model"/>'s parameters.</summary>
    /// <exception cref="InvalidDataException">They do not fit the model (see <see cref="Mismatch"/>).</exception>
    public static void Load(ImageModel model, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (pairs, reason) = Match(model, initializers);
        if (reason is not null) throw new InvalidDataException($"The ONNX weights do not fit the model: {reason}.");
        using var _ = no_grad();
        foreach (var (parameter, init) in pairs!)
        {
            using var values = tensor(init.Values, [.. init.Dims]);
            parameter.copy_(values);
        }
    }

    private static (List<(Tensor Parameter, OnnxInitializer Init)>? Pairs, string? Reason) Match(ImageModel model, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        var parameters = model.ParameterOwner.named_parameters().Select(p => (Name: p.name, Tensor: (Tensor)p.parameter)).ToList();
        if (parameters.All(p => initializers.ContainsKey(p.Name)))
        {
            var extra = initializers.Keys.Except(parameters.Select(p => p.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (extra.Count > 0) return (null, $"the file has weights the model lacks: {string.Join(", ", extra.Take(5))}");
            foreach (var (name, tensor) in parameters)
            {
                if (!initializers[name].Dims.SequenceEqual(tensor.shape)) return (null, $"'{name}' is [{string.Join(", ", initializers[name].Dims)}] in the file, [{string.Join(", ", tensor.shape)}] in the model");
            }
            return ([.. parameters.Select(p => (p.Tensor, initializers[p.Name]))], null);
        }
        var inOrder = initializers.Values.ToList();
        if (inOrder.Count != parameters.Count)
        {
            var missing = parameters.First(p => !initializers.ContainsKey(p.Name)).Name;
            return (null, $"no initializer '{missing}' (and {inOrder.Count} weights in the file for {parameters.Count} parameters)");
        }
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!inOrder[i].Dims.SequenceEqual(parameters[i].Tensor.shape))
            {
                return (null, $"weight {i + 1} of the file is [{string.Join(", ", inOrder[i].Dims)}], the model's '{parameters[i].Name}' [{string.Join(", ", parameters[i].Tensor.shape)}]");
            }
        }
        return ([.. parameters.Select((p, i) => (p.Tensor, inOrder[i]))], null);
    }
}
