using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>A model as the evaluators' inference delegate: (n images of 784 values, n) → n outputs, under no_grad in eval mode.</summary>
public static class ModelInference
{
    public static Func<ReadOnlyMemory<float>, int, float[]> AsInference(this ImageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (images, count) =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.eval();
            var device = model.ParameterOwner.parameters().FirstOrDefault()?.device ?? CPU;
            var input = tensor(images.Span[..(count * 784)].ToArray(), [count, 1, 28, 28]).to(device);
            return model.forward(input).cpu().contiguous().data<float>().ToArray();
        };
    }
}
