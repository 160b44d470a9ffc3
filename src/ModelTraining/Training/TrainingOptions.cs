using DenoiseApi.Noise;

namespace DenoiseApi.Training.Training;

/// <summary>How a model is trained: loop settings shared by every task.</summary>
public sealed record TrainingOptions
{
    /// <summary>Upper bound on epochs (early stopping may end sooner).</summary>
    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's initial learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>Seed of weight initialisation (torch.manual_seed), shuffling, the validation split and the training noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Images of the training file held out for validation (early stopping); 0 disables it.</summary>
    public int ValidationCount { get; init; } = 6000;

    /// <summary>Epochs without a validation improvement before stopping; the best weights are restored at the end.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Noise on the model's inputs during training (denoisers: the corruption to remove).</summary>
    public NoiseSpec Noise { get; init; } = NoiseSpec.None;

    /// <summary>Classifiers: training digits are moved by up to this many pixels each way (0: no shift augmentation).</summary>
    public int MaxShift { get; init; }

    /// <summary>Where the tensors live: CPU, or CUDA when a CUDA TorchSharp backend is present.</summary>
    public TrainingDevice Device { get; init; } = TrainingDevice.Cpu;

    /// <summary>libtorch intra-op threads; null = every core.</summary>
    public int? Threads { get; init; }

    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be positive.");
        if (!float.IsFinite(LearningRate) || LearningRate <= 0f) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be finite and positive.");
        if (ValidationCount < 0) throw new ArgumentOutOfRangeException(nameof(ValidationCount), ValidationCount, "Validation count cannot be negative.");
        if (MaxShift is < 0 or > 8) throw new ArgumentOutOfRangeException(nameof(MaxShift), MaxShift, "Shift augmentation must be 0 to 8 pixels.");
        if (Threads is <= 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be positive.");
        if (Patience <= 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be positive.");
    }
}
