using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Torch;

/// <summary>
/// TorchSharp's native libraries load from the build output on this system (on Debian 12 only after the build's
/// libstdc++ fix) and really compute: a forward pass, a backward pass and an optimizer step.
/// </summary>
public sealed class TorchSharpRuntimeTests
{
    private static readonly float[] Inputs = [1f, 2f, 3f, 4f, 5f, 6f];
    private static readonly float[] Targets = [1f, -1f];
    private static readonly long[] ConvOutputShape = [1, 2, 28, 28];

    [Fact]
    public void LinearLayerForwardBackwardAndStepChangeTheWeightsAsTheGradientSays()
    {
        torch.manual_seed(1);
        using var layer = nn.Linear(3, 1);
        using var input = tensor(Inputs, [2, 3]);
        using var target = tensor(Targets, [2, 1]);
        var before = layer.weight!.detach().clone();

        using var output = layer.forward(input);
        using var loss = nn.functional.mse_loss(output, target);
        loss.backward();

        // d(mean((xw+b-t)^2))/dw = 2/N * sum_n (y_n - t_n) x_n, computed here from the forward's own outputs.
        var y = output.detach().data<float>().ToArray();
        var expected = new float[3];
        for (var n = 0; n < 2; n++)
        {
            for (var k = 0; k < 3; k++) expected[k] += (y[n] - (n == 0 ? 1f : -1f)) * (n * 3 + k + 1);
        }
        var gradient = layer.weight.grad!.data<float>().ToArray();
        for (var k = 0; k < 3; k++) Assert.Equal(expected[k], gradient[k], 4);

        using var optimizer = optim.SGD(layer.parameters(), 0.1);
        optimizer.step();
        var after = layer.weight.detach().data<float>().ToArray();
        var start = before.data<float>().ToArray();
        for (var k = 0; k < 3; k++) Assert.Equal(start[k] - 0.1f * gradient[k], after[k], 5);
    }

    [Fact]
    public void ConvolutionRunsOnLibTorchCpu()
    {
        using var conv = nn.Conv2d(1, 2, 3, padding: 1);
        using var image = ones(1, 1, 28, 28);
        using var output = conv.forward(image);
        Assert.Equal(ConvOutputShape, output.shape);
        Assert.Equal(DeviceType.CPU, output.device_type);
        Assert.StartsWith("2.10", torch.__version__, StringComparison.Ordinal);
    }
}
