using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Training;

/// <summary>
/// What a model learns from a batch: builds the loss graph for a mini-batch of training images, and scores a held-out
/// set without recording a graph (lower is better; it drives early stopping).
/// </summary>
public interface ITrainingTask
{
    /// <summary>The module whose parameters are trained.</summary>
    Module Model { get; }

    /// <summary>Name of the training loss, e.g. "binary cross-entropy".</summary>
    string LossName { get; }

    /// <summary>
    /// The loss graph for the images <paramref name="indices"/> of <paramref name="data"/> in training epoch
    /// <paramref name="epoch"/> (noise is drawn fresh per epoch from the seed, the epoch and the image).
    /// </summary>
    Tensor BatchLoss(MnistDataset data, ReadOnlySpan<int> indices, int epoch);

    /// <summary>Validation score of the current weights on <paramref name="validation"/>; also returns a line for the log.</summary>
    (double Loss, string Summary) Validate(MnistDataset validation);
}
