using static TorchSharp.torch;

namespace DenoiseApi.Training.Data;

/// <summary>
/// MNIST digits as two tensors on the training device, made once per run: <see cref="Images"/> float32 [N,1,28,28] in
/// [0,1] and <see cref="Labels"/> int64 [N]. A batch is an <c>index_select</c> of them, so the training loop copies
/// nothing through managed memory.
/// </summary>
public sealed class MnistTensors : IDisposable
{
    private MnistTensors(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count => (int)Images.shape[0];

    public static MnistTensors From(MnistDataset data, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = new long[data.Count];
        for (var i = 0; i < labels.Length; i++) labels[i] = data.Labels[i];
        // tensor(...) copies the managed arrays once; on the CPU .to() returns that same tensor.
        return new MnistTensors(
            OnDevice(tensor(data.Images, [data.Count, 1, MnistDataset.Rows, MnistDataset.Columns]), device),
            OnDevice(tensor(labels, [data.Count]), device));
    }

    private static Tensor OnDevice(Tensor host, Device device)
    {
        var moved = host.to(device);
        if (!ReferenceEquals(moved, host)) host.Dispose();
        return moved;
    }

    /// <summary>The images at <paramref name="indices"/> (int64 [n]), in that order.</summary>
    public Tensor ImagesAt(Tensor indices) => Images.index_select(0, indices);

    /// <summary>The labels at <paramref name="indices"/>.</summary>
    public Tensor LabelsAt(Tensor indices) => Labels.index_select(0, indices);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
