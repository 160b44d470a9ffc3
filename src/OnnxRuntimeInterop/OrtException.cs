namespace DenoiseApi.OnnxRuntime;

/// <summary>
/// A failure reported by ONNX Runtime. <see cref="Exception.Message"/> carries ORT's own message followed by the
/// C API call that failed; <see cref="RuntimeMessage"/> is ORT's message alone.
/// </summary>
public sealed class OrtException : Exception
{
    public OrtException()
        : this("ONNX Runtime call failed.")
    {
    }

    public OrtException(string message)
        : base(message)
    {
        ErrorCode = OrtErrorCode.Fail;
        RuntimeMessage = message;
        FailedCall = string.Empty;
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = OrtErrorCode.Fail;
        RuntimeMessage = message;
        FailedCall = string.Empty;
    }

    internal OrtException(OrtErrorCode errorCode, string runtimeMessage, string failedCall)
        : base($"{runtimeMessage} [ONNX Runtime {errorCode} in {failedCall}]")
    {
        ErrorCode = errorCode;
        RuntimeMessage = runtimeMessage;
        FailedCall = failedCall;
    }

    /// <summary>ORT's status code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message as ONNX Runtime produced it (trailing whitespace trimmed).</summary>
    public string RuntimeMessage { get; }

    /// <summary>Name of the C API function that returned the failing status (e.g. <c>CreateSession</c>); empty when not from ORT.</summary>
    public string FailedCall { get; }
}
