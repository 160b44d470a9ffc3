// src/ModelTraining/Models/Graph/ILayerGraph.cs
namespace DenoiseApi.Training.Models.Graph;
/// A model's forward pass, written once over T: torch Tensors when training and evaluating (TensorGraph),
/// ONNX value names when exporting (Export/OnnxGraph). 
public interface ILayerGraph<T>
{
    /// Runs one TorchSharp layer (Linear, Conv2d, ConvTranspose2d, MaxPool2d, ReLU, LeakyReLU, Sigmoid, Softmax, Flatten, Unflatten, Dropout, BatchNorm1d/2d, or a Sequential of these).
    T Apply(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> layer, T input);
    /// Element-wise sum (skip connections).
    T Add(T left, T right);
}
