namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// The one <c>OrtMemoryInfo</c> describing ordinary CPU memory, shared by every tensor wrapped over managed buffers.
/// It lives for the whole process, so a session disposed mid-Run can never pull it from under a tensor.
/// </summary>
internal static class CpuMemory
{
    private static readonly Lazy<MemoryInfoHandle> LazyInfo =
        new(() => OrtApi.Instance.CreateCpuMemoryInfo(), LazyThreadSafetyMode.ExecutionAndPublication);

    internal static MemoryInfoHandle Info => LazyInfo.Value;
}
