namespace DenoiseApi.Inference;

/// <summary>A model version that cannot be served: bad manifest, checksum mismatch, or an ONNX file that does not match its manifest.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
