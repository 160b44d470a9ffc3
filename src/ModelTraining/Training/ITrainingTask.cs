using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// What a model learns from a batch: the loss of a mini-batch of training images (a torch graph to call backward on),
/// and a score of a held-out set without a graph (lower is better; it drives early stopping).
/// </summary>
public interface ITrainingTask
{
    /// <summary>The module whose parameters are trained.</summary>
    ImageModel Model { get; }

    /// <summary>Name of the training loss, e.g. "binary cross-entropy".</summary>
    string LossName { get; }

    /// <summary>The loss for the images at <paramref name="indices"/> (int64 [n]) of <paramref name="data"/>, with fresh noise.</summary>
    Tensor BatchLoss(MnistTensors data, Tensor indices);

    /// <summary>Validation score of the current weights on <paramref name="validation"/>; also returns a line for the log.</summary>
    (double Loss, string Summary) Validate(MnistDataset validation);
}
