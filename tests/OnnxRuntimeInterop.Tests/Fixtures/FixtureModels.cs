namespace DenoiseApi.OnnxRuntime.Tests.Fixtures;

/// <summary>Paths of the committed fixture models (copied next to the test assembly) and the shared environment.</summary>
internal static class FixtureModels
{
    /// <summary>output = sigmoid(input @ W + b): input [batch, 8], output [batch, 3].</summary>
    public static string GemmSigmoid => PathOf("gemm_sigmoid.onnx");

    /// <summary>doubled = 2x ([batch, 5]), total = row sums ([batch, 1]).</summary>
    public static string TwoOutputs => PathOf("two_outputs.onnx");

    /// <summary>as_float = float(ids), ids int64 [batch, 2].</summary>
    public static string Int64Input => PathOf("int64_input.onnx");

    /// <summary>index = argmax(scores) as int64 [batch]; scores float [batch, 3].</summary>
    public static string ArgMaxOutput => PathOf("argmax_output.onnx");

    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);

    /// <summary>
    /// One environment for the whole test run. ORT keeps a single process-wide OrtEnv anyway; never disposing this one
    /// keeps tests that create and dispose their own environments from tearing ORT's logging down under others.
    /// </summary>
    public static OrtEnvironment Environment { get; } = OrtEnvironment.Create("interop-tests", OrtLoggingLevel.Error);

    public static InferenceSession Open(string path, SessionSettings? settings = null) =>
        InferenceSession.Create(Environment, path, settings ?? new SessionSettings());
}
