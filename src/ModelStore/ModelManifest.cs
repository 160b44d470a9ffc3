using System.Text.Json.Serialization;

namespace DenoiseApi.ModelStore;

/// <summary>
/// What a model is and how it was made: stored as <c>manifest.json</c> next to its ONNX file in
/// <c>models/&lt;name&gt;/&lt;version&gt;/</c>. The trainer writes it; the service reads it and checks the ONNX file against it.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Model name, also its folder name: lower-case letters, digits and dashes.</summary>
    public required string Name { get; init; }

    /// <summary>Positive integer version, also its sub-folder name.</summary>
    public required int Version { get; init; }

    public required ModelKind Kind { get; init; }

    /// <summary>Human-readable architecture, e.g. "dense 784-64-784, ReLU, sigmoid".</summary>
    public required string Architecture { get; init; }

    public string Description { get; init; } = "";

    /// <summary>ONNX file name inside the version folder.</summary>
    public string File { get; init; } = "model.onnx";

    /// <summary>Lower-case hex sha256 of the ONNX file.</summary>
    public required string Sha256 { get; init; }

    public required IReadOnlyList<TensorSpec> Inputs { get; init; }

    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    /// <summary>For an encoder or a denoiser: the model it was cut from or paired with (e.g. the encoder's autoencoder).</summary>
    public string? Family { get; init; }

    public int ParameterCount { get; init; }

    public TrainingRecord? Training { get; init; }

    /// <summary>Test-set metrics by name (e.g. "psnr_denoised_db", "accuracy_clean").</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The test-set evaluation table (clean and every noise type at the goals' levels); null in older manifests.</summary>
    public EvaluationTable? Evaluation { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ModelKind>))]
public enum ModelKind
{
    /// <summary>image [N,1,28,28] -> clean image [N,1,28,28].</summary>
    Denoiser,

    /// <summary>image [N,1,28,28] -> latent vector [N,L].</summary>
    Encoder,

    /// <summary>image [N,1,28,28] -> class probabilities [N,10].</summary>
    Classifier,
}

/// <summary>A named tensor; -1 marks a dynamic dimension (the batch).</summary>
public sealed record TensorSpec(string Name, IReadOnlyList<long> Shape, string ElementType = "float32");

public sealed record NoiseSpec(string Type, double Level);

/// <summary>
/// A model's scores on <see cref="Images"/> MNIST test digits per input noise (noisy copies drawn with <see cref="Seed"/>);
/// a classifier's rows also hold its accuracy after <see cref="PipelineDenoiser"/>.
/// </summary>
public sealed record EvaluationTable(int Images, int Seed, string? PipelineDenoiser, IReadOnlyList<EvaluationRow> Rows);

/// <summary>One input ("none" for clean digits, else "type:level") and the model's numbers on it, e.g. "psnr_denoised_db", "accuracy_denoised".</summary>
public sealed record EvaluationRow(string Noise, IReadOnlyDictionary<string, double> Metrics);

public sealed record TrainingRecord
{
    public required NoiseSpec Noise { get; init; }
    public required string Loss { get; init; }
    public required string Optimizer { get; init; }
    public required double LearningRate { get; init; }
    public required int BatchSize { get; init; }
    public required int Epochs { get; init; }
    public required int Seed { get; init; }
    public int TrainImages { get; init; }
    public int ValidationImages { get; init; }
    public double SecondsPerEpoch { get; init; }
    public string Command { get; init; } = "";

    /// <summary>What trained it, e.g. "TorchSharp 0.107.0, libtorch 2.10.0"; null for models of the earlier own engine.</summary>
    public string? Framework { get; init; }

    /// <summary>The device it was trained on ("cpu", "cuda"); null for models of the earlier own engine.</summary>
    public string? Device { get; init; }

    /// <summary>The published model whose weights started the run (fine-tuning), e.g. "conv-dae-skip/1 (sha256 …)"; null when trained from scratch.</summary>
    public string? StartedFrom { get; init; }
}
