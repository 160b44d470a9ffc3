namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>A place to load libonnxruntime from: a file path (checked to exist first) or a name for the system loader.</summary>
internal readonly record struct LibraryCandidate(string Path, bool IsFile);
