using static TorchSharp.torch;

namespace DenoiseApi.Training.Data;

/// <summary>
/// Shift augmentation for classifiers, in torch: every image of a batch [N,1,S,S] is moved by its own random whole-pixel
/// offset (dx, dy), each in [−max, max], and the uncovered border is background (0). MNIST digits are centred by centre
/// of mass, handwriting and the service's uploads are not; a classifier trained on shifted copies stops relying on
/// exact position. One gather from the zero-padded batch, no host copy.
/// </summary>
public static class TorchShift
{
    /// <summary>Moves each image by a random offset of up to <paramref name="maxShift"/> pixels each way.</summary>
    public static Tensor Random(Tensor images, int maxShift)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        if (maxShift == 0) return images;
        var n = images.shape[0];
        var dx = randint(-maxShift, maxShift + 1, [n], dtype: ScalarType.Int64, device: images.device);
        var dy = randint(-maxShift, maxShift + 1, [n], dtype: ScalarType.Int64, device: images.device);
        return By(images, dx, dy, maxShift);
    }

    /// <summary>destination(y, x) = source(y − dy, x − dx), 0 where that falls outside; |dx|, |dy| ≤ <paramref name="maxShift"/>.</summary>
    public static Tensor By(Tensor images, Tensor dx, Tensor dy, int maxShift)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(dx);
        ArgumentNullException.ThrowIfNull(dy);
        var n = images.shape[0];
        var side = images.shape[2];
        var padded = nn.functional.pad(images, [maxShift, maxShift, maxShift, maxShift]);
        var positions = arange(side, dtype: ScalarType.Int64, device: images.device);
        var rows = positions.unsqueeze(0).sub(dy.unsqueeze(1)).add_(maxShift).view(n, 1, side, 1);
        var columns = positions.unsqueeze(0).sub(dx.unsqueeze(1)).add_(maxShift).view(n, 1, 1, side);
        var batch = arange(n, dtype: ScalarType.Int64, device: images.device).view(n, 1, 1, 1);
        var channel = zeros(1, dtype: ScalarType.Int64, device: images.device).view(1, 1, 1, 1);
        return padded.index([TensorIndex.Tensor(batch), TensorIndex.Tensor(channel), TensorIndex.Tensor(rows), TensorIndex.Tensor(columns)]);
    }
}
